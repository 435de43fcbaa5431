package org.accountstream.adapters.dynamodb;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;

/** Which AWS errors mean "too many requests, try again later". */
final class AwsErrors {

    private AwsErrors() {
    }

    /**
     * True for DynamoDB's and DynamoDB Streams' throttling answers: provisioned throughput or
     * account request limits exceeded, Streams' per-shard {@code LimitExceededException}, and
     * anything else the SDK itself classifies as throttling (HTTP 429, {@code Throttling…} codes).
     */
    static boolean isThrottling(Throwable error) {
        return error instanceof ProvisionedThroughputExceededException
                || error instanceof RequestLimitExceededException
                || error instanceof ThrottlingException
                || error instanceof LimitExceededException
                || error instanceof AwsServiceException service && service.isThrottlingException();
    }
}
