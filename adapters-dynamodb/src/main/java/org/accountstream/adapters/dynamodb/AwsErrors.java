package org.accountstream.adapters.dynamodb;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;

/** Which AWS errors mean "try again later": throttling, or an outage of the service. */
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

    /**
     * True when the service could not be reached or failed on its side (HTTP 5xx) after the SDK's
     * own retries: nothing a client did wrong, and worth trying again later.
     */
    static boolean isOutage(Throwable error) {
        return error instanceof SdkClientException
                || error instanceof AwsServiceException service && service.statusCode() >= 500;
    }
}
