package org.accountstream.app;

import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;
import org.accountstream.adapters.memory.DemoWriter;
import org.accountstream.adapters.memory.InMemoryAccountTable;
import org.accountstream.adapters.memory.InMemoryChangeFeed;

/**
 * The memory mode's sources: an in-memory table and feed, seeded with demo accounts and kept
 * changing by the demo writer, with retention applied once a minute.
 */
public final class MemoryMode implements Sources {

    private static final Logger LOG = Logger.getLogger(MemoryMode.class.getName());
    private static final Duration RETENTION_CHECK = Duration.ofMinutes(1);
    private static final int SCAN_PARALLELISM = 4;

    private final InMemoryChangeFeed feed;
    private final InMemoryAccountTable table;
    private final DemoWriter writer;
    private final Thread retention;

    MemoryMode(AppSettings.Memory memory, AppSettings.Demo demo) {
        feed = new InMemoryChangeFeed("accounts", memory.shards(), memory.readsPerSecondPerShard(),
                memory.retention(), Clock.systemUTC());
        table = new InMemoryAccountTable(memory.segments(), feed);
        writer = new DemoWriter(table, System.nanoTime());
        writer.seed(demo.accounts());
        LOG.info(() -> "seeded " + demo.accounts() + " demo accounts; writing " + demo.updatesPerSecond()
                + " updates/s for " + demo.duration());
        writer.start(demo.updatesPerSecond(), demo.duration());
        retention = Thread.ofVirtual().name("memory-retention").start(this::applyRetention);
    }

    @Override
    public InMemoryChangeFeed feed() {
        return feed;
    }

    @Override
    public InMemoryAccountTable snapshots() {
        return table;
    }

    @Override
    public int scanParallelism() {
        return SCAN_PARALLELISM;
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
