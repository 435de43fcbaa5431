package org.accountstream.app;

import java.util.Optional;
import org.accountstream.demo.EmbeddedDemo;
import org.accountstream.demo.MemoryDemo;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Where the accounts table lives ({@code accountstream.mode}), and what reaches it. */
sealed interface TableHome extends AutoCloseable {

    /**
     * A DynamoDB table and its DynamoDB stream, through these clients: the embedded demo's
     * in-process ones, or (aws) the SDK's defaults, with credentials and region from the default
     * chains and endpoints for local stand-ins from {@code AWS_ENDPOINT_URL_DYNAMODB} and
     * {@code AWS_ENDPOINT_URL_DYNAMODB_STREAMS}.
     */
    record DynamoDb(DynamoDbClient tables, DynamoDbStreamsClient streams, Optional<EmbeddedDemo> demo,
                    Closing closing) implements TableHome {

        static DynamoDb embedded(EmbeddedDemo demo) {
            return new DynamoDb(demo.tables(), demo.streams(), Optional.of(demo), demo::close); // its clients are its own
        }

        static DynamoDb fromEnvironment() {
            DynamoDbClient tables = DynamoDbClient.create();
            DynamoDbStreamsClient streams = DynamoDbStreamsClient.create();
            return new DynamoDb(tables, streams, Optional.empty(), () -> {
                streams.close();
                tables.close();
            });
        }

        /** A table whose clients outlive the application (a test's database across restarts). */
        static DynamoDb borrowing(DynamoDbClient tables, DynamoDbStreamsClient streams) {
            return new DynamoDb(tables, streams, Optional.empty(), () -> { });
        }

        @Override
        public void close() throws InterruptedException {
            closing.close();
        }
    }

    /** What closing a home closes. */
    @FunctionalInterface
    interface Closing {
        void close() throws InterruptedException;
    }

    /** The in-memory demo table, and its own Kinesis-like feed. */
    record Memory(MemoryDemo demo) implements TableHome {
        @Override
        public void close() throws InterruptedException {
            demo.close();
        }
    }

    @Override
    void close() throws InterruptedException;
}
