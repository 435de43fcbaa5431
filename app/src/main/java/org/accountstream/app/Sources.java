package org.accountstream.app;

import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.LongSupplier;
import org.accountstream.adapters.dynamodb.DynamoDbSnapshotSource;
import org.accountstream.adapters.dynamodb.DynamoDbStreamsChangeFeed;
import org.accountstream.adapters.kinesis.KinesisChangeFeed;
import org.accountstream.adapters.kinesis.KinesisFanOutFeed;
import org.accountstream.demo.DemoLoad;
import org.accountstream.demo.EmbeddedDemo;
import org.accountstream.demo.MemoryDemo;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.SnapshotSource;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * What the stream service reads: the table to snapshot and its change feed, chosen by two
 * switches ({@link #start}), with what the adapters count.
 *
 * @param scanParallelism  snapshot segments one stream reads at once
 * @param unreadableItems  counts of items the table or feed held that were not readable accounts
 *                         (skipped and logged by key), by where they were read ({@code scan},
 *                         {@code stream}, {@code kinesis})
 * @param feedCalls        calls the feed made to its service, by call ({@code GetRecords})
 * @param feedClient       closes the feed's own client (the table's is the home's)
 */
record Sources(TableHome home, SnapshotSource snapshots, ChangeFeed feed, int scanParallelism,
               Map<String, LongSupplier> unreadableItems, Map<String, LongSupplier> feedCalls,
               TableHome.Closing feedClient) implements AutoCloseable {

    private static final int MEMORY_SCAN_PARALLELISM = 4;

    /**
     * Where the table lives ({@code accountstream.mode}), then which change feed is read
     * ({@code accountstream.feed}); {@link AppSettings} has refused the combinations that do not
     * exist.
     */
    static Sources start(AppSettings settings) {
        AppSettings.Dynamo dynamo = settings.dynamo();
        TableHome home = switch (settings.mode()) {
            case EMBEDDED -> TableHome.DynamoDb.embedded(embeddedDemo(settings));
            case AWS -> TableHome.DynamoDb.fromEnvironment();
            case MEMORY -> new TableHome.Memory(MemoryDemo.start(memory(settings), demoLoad(settings)));
        };
        try {
            return switch (settings.feed()) {
                case DYNAMODB_STREAMS -> dynamoDbStreams((TableHome.DynamoDb) home, dynamo);
                case KINESIS -> kinesis((TableHome.DynamoDb) home, dynamo, settings.kinesis());
                case MEMORY -> {
                    MemoryDemo demo = ((TableHome.Memory) home).demo();
                    yield new Sources(home, demo.table(), demo.feed(), MEMORY_SCAN_PARALLELISM, Map.of(), Map.of(),
                            () -> { });
                }
            };
        } catch (RuntimeException e) {
            StartCleanup.close(e, home);
            throw e;
        }
    }

    /** The DynamoDB table's Scans and its DynamoDB stream. */
    static Sources dynamoDbStreams(TableHome.DynamoDb home, AppSettings.Dynamo dynamo) {
        DynamoDbSnapshotSource snapshots = scans(home, dynamo);
        DynamoDbStreamsChangeFeed feed = DynamoDbStreamsChangeFeed.forTable(home.tables(), home.streams(),
                dynamo.table(), dynamo.attributes(), DynamoDbStreamsChangeFeed.Settings.defaults());
        return new Sources(home, snapshots, feed, dynamo.readParallelism(),
                Map.of("scan", snapshots::itemsSkipped, "stream", feed::imagesSkipped), Map.of(), () -> { });
    }

    /**
     * The DynamoDB table's Scans and the Kinesis stream its filter Lambda writes, through clients
     * with the SDK's defaults (endpoint of a local stand-in from {@code AWS_ENDPOINT_URL_KINESIS});
     * with enhanced fan-out, the head of each shard is pushed to this replica's consumer.
     */
    static Sources kinesis(TableHome.DynamoDb home, AppSettings.Dynamo dynamo, AppSettings.Kinesis kinesis) {
        KinesisClient client = KinesisClient.create();
        KinesisAsyncClient pushClient = kinesis.enhancedFanOut() ? KinesisAsyncClient.create() : null;
        try {
            return kinesis(home, dynamo, kinesis, client, pushClient, () -> {
                if (pushClient != null) {
                    pushClient.close();
                }
                client.close();
            });
        } catch (RuntimeException e) {
            StartCleanup.close(e, pushClient, client);
            throw e;
        }
    }

    /**
     * The same through {@code client} (and {@code pushClient}, for enhanced fan-out); closing the
     * sources calls {@code closeClients}.
     */
    static Sources kinesis(TableHome.DynamoDb home, AppSettings.Dynamo dynamo, AppSettings.Kinesis kinesis,
                           KinesisClient client, KinesisAsyncClient pushClient, TableHome.Closing closeClients) {
        DynamoDbSnapshotSource snapshots = scans(home, dynamo);
        KinesisChangeFeed polling = KinesisChangeFeed.forStream(client, kinesis.stream(),
                KinesisChangeFeed.Settings.defaults().withClockSkew(kinesis.clockSkew())
                        .withReadsPerSecondPerShard(kinesis.readsPerSecondPerShard()));
        Map<String, LongSupplier> unreadable = Map.of("scan", snapshots::itemsSkipped, "kinesis", polling::recordsSkipped);
        Map<String, LongSupplier> calls = Map.of("GetRecords", polling::getRecordsCalls);
        if (!kinesis.enhancedFanOut()) {
            return new Sources(home, snapshots, polling, dynamo.readParallelism(), unreadable, calls, closeClients);
        }
        KinesisFanOutFeed pushed;
        try {
            pushed = KinesisFanOutFeed.register(pushClient, polling, kinesis.consumerName(),
                    KinesisFanOutFeed.Settings.defaults());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while registering Kinesis consumer " + kinesis.consumerName(), e);
        }
        return new Sources(home, snapshots, pushed, dynamo.readParallelism(), unreadable, calls, () -> {
            pushed.close();
            closeClients.close();
        });
    }

    private static DynamoDbSnapshotSource scans(TableHome.DynamoDb home, AppSettings.Dynamo dynamo) {
        return new DynamoDbSnapshotSource(home.tables(), dynamo.table(), dynamo.attributes(),
                DynamoDbSnapshotSource.Settings.defaults().withSegments(dynamo.segments()));
    }

    /** The embedded demo; a loopback port it cannot bind fails the start naming its key. */
    static EmbeddedDemo embeddedDemo(AppSettings settings) {
        AppSettings.Dynamo dynamo = settings.dynamo();
        ListeningPort port = settings.embeddedDynamoDb();
        try {
            return EmbeddedDemo.start(new EmbeddedDemo.Settings(dynamo.table(), dynamo.attributes(), port.port()),
                    demoLoad(settings));
        } catch (UncheckedIOException e) {
            throw port.unavailable(e);
        }
    }

    private static DemoLoad demoLoad(AppSettings settings) {
        AppSettings.Demo demo = settings.demo();
        return new DemoLoad(demo.accounts(), demo.updatesPerSecond(), demo.duration());
    }

    private static MemoryDemo.Settings memory(AppSettings settings) {
        AppSettings.Memory memory = settings.memory();
        return new MemoryDemo.Settings(memory.shards(), memory.segments(), memory.readsPerSecondPerShard(),
                memory.retention());
    }

    /** Where the mode's own services listen (the embedded DynamoDB), for the start-up banner; empty if none. */
    String describe() {
        return home instanceof TableHome.DynamoDb dynamoDb
                ? dynamoDb.demo().map(EmbeddedDemo::describe).orElse("")
                : "";
    }

    @Override
    public void close() throws InterruptedException {
        feedClient.close();
        home.close();
    }
}
