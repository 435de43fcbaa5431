package org.accountstream.demo;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableResponse;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.dynamodb.services.exceptions.DynamoDBLocalServiceException;
import software.amazon.dynamodb.services.local.embedded.DDBExceptionMappingInvocationHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;

/**
 * SDK clients that call DynamoDB Local's request handler directly: the same database its HTTP
 * endpoint serves, without HTTP, JSON or an SDK HTTP client (the embedded mode's cold start pays
 * for none of them). Errors arrive as the SDK's exceptions ({@code ResourceInUseException},
 * {@code ExpiredIteratorException}, ...), mapped the way {@code DynamoDBEmbedded} maps them.
 *
 * <p>Only the operations the application performs are routed; any other answers the SDK
 * interface's {@link UnsupportedOperationException}, so a new call shows up in the embedded
 * mode's tests rather than misbehaving.
 */
final class InProcessDynamoDb {

    /** The handler's database is shared ("sharedDb"): credentials and region only have to be well-formed. */
    private static final String ACCESS_KEY = "local";
    private static final String REGION = "us-east-1";

    private static final Executor OWN_THREAD = call -> Thread.ofVirtual().name("dynamodb-local-call").start(call);

    private InProcessDynamoDb() {
    }

    static DynamoDbClient tables(LocalDynamoDBRequestHandler handler) {
        return new Tables(handler);
    }

    static DynamoDbStreamsClient streams(LocalDynamoDBRequestHandler handler) {
        return new Streams(handler);
    }

    /**
     * Runs {@code operation} on a virtual thread of its own and waits for it interruptibly.
     * DynamoDB Local swallows an interrupt of the thread that calls it (its sqlite wait turns it
     * into a {@code LocalDBAccessException} and clears the flag), whereas the SDK's HTTP clients
     * answer {@link AbortedException} and keep the flag, which is what the adapters and the demo
     * writer stop on. Waiting here keeps that contract: an interrupted caller gets
     * {@code AbortedException} at once, and the operation completes on its own, like an HTTP
     * request whose answer nobody reads.
     */
    private static <T> T call(Supplier<T> operation) {
        CompletableFuture<T> result = CompletableFuture.supplyAsync(operation, OWN_THREAD);
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AbortedException.builder().message("interrupted while calling DynamoDB Local").cause(e).build();
        } catch (ExecutionException e) {
            throw asSdkException(e.getCause());
        }
    }

    private static RuntimeException asSdkException(Throwable failure) {
        if (failure instanceof DynamoDBLocalServiceException local) {
            try {
                DDBExceptionMappingInvocationHandler.handleDynamoDBLocalServiceException(local);
            } catch (RuntimeException mapped) {
                return mapped;
            } catch (Throwable unexpected) {
                return new IllegalStateException(unexpected);
            }
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
    }

    private record Tables(LocalDynamoDBRequestHandler handler) implements DynamoDbClient {

        @Override
        public CreateTableResponse createTable(CreateTableRequest request) {
            return call(() -> handler.createTable(ACCESS_KEY, REGION, request));
        }

        @Override
        public UpdateTableResponse updateTable(UpdateTableRequest request) {
            return call(() -> handler.updateTable(ACCESS_KEY, REGION, request));
        }

        @Override
        public DescribeTableResponse describeTable(DescribeTableRequest request) {
            return call(() -> handler.describeTable(ACCESS_KEY, REGION, request));
        }

        @Override
        public PutItemResponse putItem(PutItemRequest request) {
            return call(() -> handler.putItem(ACCESS_KEY, REGION, request));
        }

        @Override
        public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
            return call(() -> handler.batchWriteItem(ACCESS_KEY, REGION, request));
        }

        @Override
        public DeleteItemResponse deleteItem(DeleteItemRequest request) {
            return call(() -> handler.deleteItem(ACCESS_KEY, REGION, request));
        }

        @Override
        public GetItemResponse getItem(GetItemRequest request) {
            return call(() -> handler.getItem(ACCESS_KEY, REGION, request));
        }

        @Override
        public ScanResponse scan(ScanRequest request) {
            return call(() -> handler.scan(ACCESS_KEY, REGION, request));
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
            // The handler belongs to EmbeddedDynamoDb, which shuts it down.
        }
    }

    private record Streams(LocalDynamoDBRequestHandler handler) implements DynamoDbStreamsClient {

        @Override
        public DescribeStreamResponse describeStream(DescribeStreamRequest request) {
            return call(() -> handler.describeStream(ACCESS_KEY, REGION, request));
        }

        @Override
        public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
            return call(() -> handler.getShardIterator(ACCESS_KEY, REGION, request));
        }

        @Override
        public GetRecordsResponse getRecords(GetRecordsRequest request) {
            return call(() -> handler.getRecords(ACCESS_KEY, REGION, request));
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
            // The handler belongs to EmbeddedDynamoDb, which shuts it down.
        }
    }
}
