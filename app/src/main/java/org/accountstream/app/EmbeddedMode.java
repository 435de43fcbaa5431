package org.accountstream.app;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.accountstream.adapters.dynamodb.DynamoDbAccountTable;
import org.accountstream.adapters.memory.DemoWriter;
import org.accountstream.domain.Account;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.SnapshotSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The default mode, a self-contained live demo: DynamoDB Local in this process on a loopback
 * port, an accounts table with a NEW_AND_OLD_IMAGES stream, seeded with demo accounts and kept
 * changing by the demo writer, streamed from its DynamoDB stream exactly as the aws mode would.
 */
final class EmbeddedMode implements Sources {

    private static final Logger LOG = Logger.getLogger(EmbeddedMode.class.getName());

    private final EmbeddedDynamoDb database;
    private final DynamoDbAccountTable table;
    private final DynamoDbSources sources;
    private final DemoWriter writer;
    private final CountDownLatch seeded;
    private final Thread seeding;

    private EmbeddedMode(EmbeddedDynamoDb database, DynamoDbAccountTable table, DynamoDbSources sources,
                         DemoWriter writer, CountDownLatch seeded, Thread seeding) {
        this.database = database;
        this.table = table;
        this.sources = sources;
        this.writer = writer;
        this.seeded = seeded;
        this.seeding = seeding;
    }

    static EmbeddedMode start(AppSettings settings) {
        EmbeddedDynamoDb database = EmbeddedDynamoDb.start(settings.embeddedDynamoPort());
        try {
            AwsBasicCredentials local = AwsBasicCredentials.create("local", "local");
            DynamoDbClient tables = DynamoDbClient.builder().endpointOverride(database.endpoint())
                    .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(local)).build();
            DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().endpointOverride(database.endpoint())
                    .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(local)).build();
            DynamoDbAccountTable table = new DynamoDbAccountTable(tables, settings.dynamo().table(),
                    DynamoDbSources.attributes(settings.dynamo()));
            table.createIfMissing();
            DemoWriter writer = new DemoWriter(demoTable(table), System.nanoTime());
            DynamoDbSources sources = new DynamoDbSources(tables, streams, settings.dynamo());
            // Seeding runs behind the servers' start: a stream opened meanwhile gets what is there
            // and the rest through the feed, like any write racing with a snapshot.
            CountDownLatch seeded = new CountDownLatch(1);
            Thread seeding = Thread.ofVirtual().name("demo-seed").start(() -> {
                try {
                    writer.seed(settings.demo().accounts());
                } catch (RuntimeException e) {
                    if (!Thread.currentThread().isInterrupted()) {
                        LOG.log(Level.SEVERE, "seeding the demo accounts failed; the demo writer does not start", e);
                    }
                    return; // closed while seeding: the writer must not start against a closed database
                }
                seeded.countDown();
                LOG.info(() -> "seeded " + settings.demo().accounts() + " demo accounts into DynamoDB Local; writing "
                        + settings.demo().updatesPerSecond() + " updates/s for " + settings.demo().duration());
                writer.start(settings.demo().updatesPerSecond(), settings.demo().duration());
            });
            return new EmbeddedMode(database, table, sources, writer, seeded, seeding);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    DemoWriter writer() {
        return writer;
    }

    /** The accounts table, for writers besides the demo writer. */
    DynamoDbAccountTable table() {
        return table;
    }

    /** Waits until the demo accounts are in the table (the writer starts right after). */
    boolean awaitSeeded(Duration timeout) throws InterruptedException {
        return seeded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public SnapshotSource snapshots() {
        return sources.snapshots();
    }

    @Override
    public ChangeFeed feed() {
        return sources.feed();
    }

    @Override
    public int scanParallelism() {
        return sources.scanParallelism();
    }

    @Override
    public String describe() {
        return "DynamoDB Local on " + database.endpoint()
                + " (e.g. aws dynamodb scan --table-name accounts --endpoint-url " + database.endpoint() + ")";
    }

    @Override
    public void close() throws InterruptedException {
        seeding.interrupt(); // first: a seeding that finished would start the writer
        seeding.join();
        writer.stop();
        sources.close();
        database.close();
    }

    /** The demo writer's view of a DynamoDB accounts table. */
    static DemoWriter.Table demoTable(DynamoDbAccountTable table) {
        return new DemoWriter.Table() {
            @Override
            public void put(Account account) {
                table.put(account);
            }

            @Override
            public void delete(UUID aci) {
                table.delete(aci);
            }

            @Override
            public Optional<Account> get(UUID aci) {
                return table.get(aci);
            }

            @Override
            public void putAll(List<Account> accounts) {
                table.putAll(accounts);
            }
        };
    }
}
