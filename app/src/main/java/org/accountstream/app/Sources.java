package org.accountstream.app;

import java.util.Map;
import java.util.function.LongSupplier;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.SnapshotSource;

/** What a mode provides the stream service: the table to snapshot and its change feed. */
interface Sources extends AutoCloseable {

    SnapshotSource snapshots();

    ChangeFeed feed();

    /** Snapshot segments one stream reads at once. */
    int scanParallelism();

    /**
     * Counts of items the table or feed held that were not readable accounts (skipped and logged
     * by key), by where they were read ({@code scan}, {@code stream}); empty if the mode has none.
     */
    default Map<String, LongSupplier> unreadableItems() {
        return Map.of();
    }

    /** Where the mode's own services listen, for the start-up banner; empty if none. */
    default String describe() {
        return "";
    }

    @Override
    void close() throws InterruptedException;
}
