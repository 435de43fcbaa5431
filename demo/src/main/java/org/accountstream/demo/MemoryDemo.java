package org.accountstream.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;
import org.accountstream.adapters.memory.InMemoryAccountTable;
import org.accountstream.adapters.memory.InMemoryChangeFeed;

/**
 * The memory mode's table and feed: in memory, seeded with demo accounts and kept changing by the
 * demo writer, with retention applied once a minute.
 */
public final class MemoryDemo implements AutoCloseable {

    /** The in-memory table and feed. */
    public record Settings(int shards, int segments, int readsPerSecondPerShard, Duration retention) {
    }

    private static final Logger LOG = Logger.getLogger(MemoryDemo.class.getName());
    private static final Duration RETENTION_CHECK = Duration.ofMinutes(1);

    private final InMemoryChangeFeed feed;
    private final InMemoryAccountTable table;
    private final DemoWriter writer;
    private final Thread retention;

    private MemoryDemo(Settings settings, DemoLoad load) {
        // Named for this start, as a DynamoDB stream is: the next process holds other data, and a
        // token of this one must not resume there (it answers clear_all as for another feed).
        feed = new InMemoryChangeFeed("accounts@" + Instant.now(), settings.shards(),
                settings.readsPerSecondPerShard(), settings.retention(), Clock.systemUTC());
        table = new InMemoryAccountTable(settings.segments(), feed);
        writer = DemoWriter.of(table, System.nanoTime());
        writer.seed(load.accounts());
        LOG.info(() -> "seeded " + load.accounts() + " demo accounts; writing " + load.updatesPerSecond()
                + " updates/s for " + load.duration());
        writer.start(load.updatesPerSecond(), load.duration());
        retention = Thread.ofVirtual().name("memory-retention").start(this::applyRetention);
    }

    public static MemoryDemo start(Settings settings, DemoLoad load) {
        return new MemoryDemo(settings, load);
    }

    public InMemoryChangeFeed feed() {
        return feed;
    }

    public InMemoryAccountTable table() {
        return table;
    }

    public DemoWriter writer() {
        return writer;
    }

    @Override
    public void close() throws InterruptedException {
        retention.interrupt();
        writer.stop();
    }

    private void applyRetention() {
        try {
            while (true) {
                Thread.sleep(RETENTION_CHECK);
                feed.trimExpired();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
