package org.accountstream.app;

import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.SnapshotSource;

/** What a mode provides the stream service: the table to snapshot and its change feed. */
interface Sources extends AutoCloseable {

    SnapshotSource snapshots();

    ChangeFeed feed();

    /** Snapshot segments one stream reads at once. */
    int scanParallelism();

    /** Where the mode's own services listen, for the start-up banner; empty if none. */
    default String describe() {
        return "";
    }

    @Override
    void close() throws InterruptedException;
}
