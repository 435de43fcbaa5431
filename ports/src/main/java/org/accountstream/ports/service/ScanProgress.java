package org.accountstream.ports.service;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import org.accountstream.ports.out.StreamMetrics;

/**
 * Progress of one snapshot's scan: counts segments into the metrics, and logs a line
 * each time another tenth of the segments is done, with the scan's items per second so far.
 */
final class ScanProgress {

    private static final Logger LOG = Logger.getLogger(ScanProgress.class.getName());

    private final int segments;
    private final StreamMetrics metrics;
    private final long startNanos = System.nanoTime();
    private final LongAdder items = new LongAdder();
    private final AtomicInteger segmentsDone = new AtomicInteger();
    private final AtomicInteger tenthsLogged = new AtomicInteger();

    ScanProgress(int segments, StreamMetrics metrics) {
        this.segments = segments;
        this.metrics = metrics;
    }

    /** Items this snapshot took (the table reads themselves are counted where they happen). */
    void scanned(int pageItems) {
        items.add(pageItems);
    }

    void segmentDone() {
        metrics.snapshotSegmentScanned();
        int done = segmentsDone.incrementAndGet();
        int tenths = done * 10 / segments;
        int logged = tenthsLogged.get();
        // Only the thread that moves the count to a new tenth logs it, once.
        if (tenths > logged && tenthsLogged.compareAndSet(logged, tenths)) {
            long scanned = items.sum();
            double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
            LOG.info(() -> String.format("snapshot scan: %d/%d segments (%d%%), %,d items, %,.0f items/s",
                    done, segments, tenths * 10, scanned, scanned / seconds));
        }
    }
}
