package org.accountstream.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;

class AwsErrorsTest {

    @Test
    void throttlingAnswersAreRecognised() {
        assertThat(AwsErrors.isThrottling(ProvisionedThroughputExceededException.builder().build())).isTrue();
        assertThat(AwsErrors.isThrottling(RequestLimitExceededException.builder().build())).isTrue();
        assertThat(AwsErrors.isThrottling(ThrottlingException.builder().build())).isTrue();
        assertThat(AwsErrors.isThrottling(LimitExceededException.builder().build())).isTrue();
        assertThat(AwsErrors.isThrottling(DynamoDbException.builder().statusCode(429).build())).isTrue();
        assertThat(AwsErrors.isThrottling(DynamoDbException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).build())).isTrue();
    }

    @Test
    void otherErrorsAreNot() {
        assertThat(AwsErrors.isThrottling(ConditionalCheckFailedException.builder().statusCode(400).build())).isFalse();
        assertThat(AwsErrors.isThrottling(TrimmedDataAccessException.builder().statusCode(400).build())).isFalse();
        assertThat(AwsErrors.isThrottling(DynamoDbException.builder().statusCode(500).build())).isFalse();
        assertThat(AwsErrors.isThrottling(new IllegalStateException())).isFalse();
    }
}
