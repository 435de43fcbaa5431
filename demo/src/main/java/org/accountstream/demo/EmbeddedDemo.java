package org.accountstream.demo;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.logging.Logger;
import org.accountstream.adapters.dynamodb.AccountAttributes;
import org.accountstream.adapters.dynamodb.DynamoDbAccountTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The embedded mode's table, a self-contained live demo: DynamoDB Local in this process, served
 * on a loopback port to other clients too, an accounts table with a NEW_AND_OLD_IMAGES stream,
 * seeded with demo accounts and kept changing by the demo writer. The application reads it
 * through the same adapters as a table in AWS, with in-process clients.
 *
 * <p>Start-up order, chosen for a fast cold start: the table is seeded while it has no stream,
 * and only then given its stream. The default table comes seeded, as a copy of the
 * {@link PrebuiltDemoTable} in the jar; any other is created and seeded here, in process (batch
 * writes straight into DynamoDB Local's request handler, no HTTP). The seeded accounts thus reach
 * clients through snapshots alone and the stream holds only what happens after: the demo writer's
 * changes and writes by other clients on the loopback port. This start returns, and serving
 * begins, only after the stream exists, so no client ever sees a half-seeded table, and the
 * shared head readers start at an empty shard instead of reading every seeded insert.
 */
public final class EmbeddedDemo implements AutoCloseable {

    /** The table's name and item layout, and the loopback port other clients reach it on (0: any). */
    public record Settings(String table, AccountAttributes attributes, int httpPort) {

        /** The default demo's table, the one that comes prebuilt. */
        public static final String DEFAULT_TABLE = "accounts";
    }

    private static final Logger LOG = Logger.getLogger(EmbeddedDemo.class.getName());

    private final EmbeddedDynamoDb database;
    private final URI endpoint;
    private final DynamoDbAccountTable table;
    private final DemoWriter writer;

    private EmbeddedDemo(EmbeddedDynamoDb database, URI endpoint, DynamoDbAccountTable table, DemoWriter writer) {
        this.database = database;
        this.endpoint = endpoint;
        this.table = table;
        this.writer = writer;
    }

    /**
     * Starts the database, its table and the demo writer. A prebuilt table that was copied but
     * then does not open as the table its description promises fails the start: that is a broken
     * build, not something to hide by seeding.
     *
     * @throws java.io.UncheckedIOException when the loopback port cannot be bound
     */
    public static EmbeddedDemo start(Settings settings, DemoLoad load) {
        Optional<PrebuiltDemoTable> prebuilt =
                PrebuiltDemoTable.find(settings.table(), settings.attributes(), load.accounts());
        Optional<EmbeddedDynamoDb> copy = prebuilt.flatMap(EmbeddedDemo::openCopy);
        EmbeddedDynamoDb database = copy.orElseGet(EmbeddedDynamoDb::inMemory);
        database.serveHttp(settings.httpPort());
        try {
            DynamoDbAccountTable table = new DynamoDbAccountTable(database.tables(), settings.table(),
                    settings.attributes());
            DemoWriter writer;
            if (copy.isPresent()) {
                writer = DemoWriter.of(table, prebuilt.orElseThrow().writerSeed());
                writer.adoptSeeded(load.accounts());
            } else {
                writer = createAndSeed(table, load.accounts(), System.nanoTime());
            }
            table.enableStream();
            URI endpoint = database.endpoint(); // serving begins only once other clients can reach it too
            writer.start(load.updatesPerSecond(), load.duration());
            LOG.info(() -> "demo writer: " + load.updatesPerSecond() + " updates/s for " + load.duration());
            return new EmbeddedDemo(database, endpoint, table, writer);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** A database on a copy of the prebuilt table, or empty when it cannot be copied (the table is seeded then). */
    static Optional<EmbeddedDynamoDb> openCopy(EmbeddedDynamoDb.DatabaseFile prebuilt) {
        long started = System.nanoTime();
        try {
            EmbeddedDynamoDb database = EmbeddedDynamoDb.fromCopy(prebuilt);
            LOG.info(() -> "opened a copy of the prebuilt demo table in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
            return Optional.of(database);
        } catch (IOException e) {
            LOG.warning(() -> "cannot copy the prebuilt demo table, seeding one instead: " + e);
            return Optional.empty();
        }
    }

    /**
     * Creates the table without a stream and seeds it: the seed then reaches clients through
     * snapshots only. Answers the writer that seeded, which knows the accounts it wrote.
     */
    static DemoWriter createAndSeed(DynamoDbAccountTable table, int accounts, long writerSeed) {
        table.createWithoutStream();
        DemoWriter writer = DemoWriter.of(table, writerSeed);
        long started = System.nanoTime();
        writer.seed(accounts);
        long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
        LOG.info(() -> String.format("seeded %,d demo accounts in %,d ms (%,d items/s)",
                accounts, millis, accounts * 1000L / millis));
        return writer;
    }

    /** In-process clients of the database (no HTTP): what the application reads the table with. */
    public DynamoDbClient tables() {
        return database.tables();
    }

    public DynamoDbStreamsClient streams() {
        return database.streams();
    }

    public DemoWriter writer() {
        return writer;
    }

    /** Where other clients reach the database over HTTP (as {@code aws dynamodb --endpoint-url}). */
    public URI endpoint() {
        return endpoint;
    }

    /** The accounts table, for writers besides the demo writer. */
    public DynamoDbAccountTable table() {
        return table;
    }

    /** Where it listens, for the start-up banner. */
    public String describe() {
        return "DynamoDB Local on " + endpoint
                + " (e.g. aws dynamodb scan --table-name " + table.name() + " --endpoint-url " + endpoint + ")";
    }

    @Override
    public void close() throws InterruptedException {
        writer.stop();
        database.close();
    }
}
