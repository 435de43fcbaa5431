package org.accountstream.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import org.accountstream.adapters.dynamodb.AccountAttributes;
import org.accountstream.adapters.dynamodb.DynamoDbAccountTable;
import org.accountstream.adapters.memory.DemoWriter;
import org.accountstream.domain.Account;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.SnapshotSource;

/**
 * The default mode, a self-contained live demo: DynamoDB Local in this process on a loopback
 * port, an accounts table with a NEW_AND_OLD_IMAGES stream, seeded with demo accounts and kept
 * changing by the demo writer, streamed from its DynamoDB stream exactly as the aws mode would.
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
final class EmbeddedMode implements Sources {

    private static final Logger LOG = Logger.getLogger(EmbeddedMode.class.getName());

    private final EmbeddedDynamoDb database;
    private final URI endpoint;
    private final DynamoDbAccountTable table;
    private final DynamoDbSources sources;
    private final DemoWriter writer;

    private EmbeddedMode(EmbeddedDynamoDb database, URI endpoint, DynamoDbAccountTable table, DynamoDbSources sources,
                         DemoWriter writer) {
        this.database = database;
        this.endpoint = endpoint;
        this.table = table;
        this.sources = sources;
        this.writer = writer;
    }

    /**
     * Starts the database, its table and the demo writer. A prebuilt table that was copied but
     * then does not open as the table its description promises fails the start: that is a broken
     * build, not something to hide by seeding.
     */
    static EmbeddedMode start(AppSettings settings) {
        AppSettings.Dynamo dynamo = settings.dynamo();
        AccountAttributes attributes = dynamo.attributes();
        int accounts = settings.demo().accounts();
        Optional<PrebuiltDemoTable> prebuilt = PrebuiltDemoTable.find(dynamo.table(), attributes, accounts);
        Optional<EmbeddedDynamoDb> copy = prebuilt.flatMap(EmbeddedMode::openCopy);
        EmbeddedDynamoDb database = copy.orElseGet(EmbeddedDynamoDb::inMemory);
        database.serveHttp(settings.embeddedDynamoDb().port());
        try {
            DynamoDbAccountTable table = new DynamoDbAccountTable(database.tables(), dynamo.table(), attributes);
            DemoWriter writer;
            if (copy.isPresent()) {
                writer = new DemoWriter(demoTable(table), prebuilt.orElseThrow().writerSeed());
                writer.adoptSeeded(accounts);
            } else {
                writer = createAndSeed(table, accounts, System.nanoTime());
            }
            table.enableStream();
            URI endpoint = endpoint(database, settings.embeddedDynamoDb()); // serving begins once others can reach it
            DynamoDbSources sources = DynamoDbSources.borrowing(database.tables(), database.streams(), dynamo);
            writer.start(settings.demo().updatesPerSecond(), settings.demo().duration());
            LOG.info(() -> "demo writer: " + settings.demo().updatesPerSecond() + " updates/s for "
                    + settings.demo().duration());
            return new EmbeddedMode(database, endpoint, table, sources, writer);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** The database's HTTP endpoint once it listens; a port it could not bind fails the start naming its key. */
    private static URI endpoint(EmbeddedDynamoDb database, ListeningPort port) {
        try {
            return database.endpoint();
        } catch (UncheckedIOException e) {
            throw port.unavailable(e);
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
        DemoWriter writer = new DemoWriter(demoTable(table), writerSeed);
        long started = System.nanoTime();
        writer.seed(accounts);
        long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
        LOG.info(() -> String.format("seeded %,d demo accounts in %,d ms (%,d items/s)",
                accounts, millis, accounts * 1000L / millis));
        return writer;
    }

    DemoWriter writer() {
        return writer;
    }

    /** Where other clients reach the database over HTTP (as {@code aws dynamodb --endpoint-url}). */
    URI endpoint() {
        return endpoint;
    }

    /** The accounts table, for writers besides the demo writer. */
    DynamoDbAccountTable table() {
        return table;
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
    public Map<String, LongSupplier> unreadableItems() {
        return sources.unreadableItems();
    }

    @Override
    public String describe() {
        return "DynamoDB Local on " + endpoint
                + " (e.g. aws dynamodb scan --table-name " + table.name() + " --endpoint-url " + endpoint + ")";
    }

    @Override
    public void close() throws InterruptedException {
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
