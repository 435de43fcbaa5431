package org.accountstream.lambda;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The AWS SDK clients, configured the SDK's way: region ({@code AWS_REGION}), credentials (the
 * default chain) and endpoints ({@code AWS_ENDPOINT_URL_KINESIS}, {@code AWS_ENDPOINT_URL_DYNAMODB},
 * {@code AWS_ENDPOINT_URL_DYNAMODB_STREAMS}, which the SDK reads itself).
 * The HTTP client is named, not discovered: the JDK's URL connection client, small and quick to
 * start (the SDK's advice for Lambda) and the only one in the jar; on a class path with others
 * (the tests') discovery would refuse to choose.
 */
public final class AwsClients {

    private AwsClients() {
    }

    public static KinesisClient kinesis() {
        return KinesisClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }

    public static DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }

    public static DynamoDbStreamsClient dynamoDbStreams() {
        return DynamoDbStreamsClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }
}
