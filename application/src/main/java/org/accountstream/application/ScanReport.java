package org.accountstream.application;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * The log's view of one shared scan: the segment reads one snapshot scheduled, which other
 * snapshots may join ({@link SharedSegmentReads}). It logs one line when the last of its reads
 * ends, however many snapshots shared them (a thousand clients connecting at once make a few
 * scans, not a thousand reports), and a progress line every {@link #PROGRESS_EVERY} while a
 * long scan runs.
 */
final class ScanReport {

    static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(ScanReport.class.getName());

    private final long number;
    private final int segments;
    private final Ticker ticker;
    private final long startNanos;
    private final AtomicLong lastReportNanos;
    private final LongAdder items = new LongAdder();
    private final AtomicInteger snapshots = new AtomicInteger(1);
    private final AtomicInteger readsEnded = new AtomicInteger();
    private final AtomicInteger readsFailed = new AtomicInteger();

    ScanReport(long number, int segments, Ticker ticker) {
        this.number = number;
        this.segments = segments;
        this.ticker = ticker;
        this.startNanos = ticker.nanos();
        this.lastReportNanos = new AtomicLong(startNanos);
    }

    /** Another snapshot joined at least one of this scan's reads. */
    void joined() {
        snapshots.incrementAndGet();
    }

    void scanned(int pageItems) {
        items.add(pageItems);
    }

    /** One of the reads ended; {@code completed} unless it failed or everyone left it. */
    void readEnded(boolean completed) {
        if (!completed) {
            readsFailed.incrementAndGet();
        }
        int ended = readsEnded.incrementAndGet();
        long now = ticker.nanos();
        if (ended == segments) {
            LOG.info(() -> describe(ended, now) + (readsFailed.get() == 0 ? ""
                    : ", " + readsFailed.get() + " of them not to the end (failed, or nobody wanted the rest)"));
            return;
        }
        long last = lastReportNanos.get();
        // Only the thread that moves the report time on logs the progress line, once.
        if (now - last >= PROGRESS_EVERY.toNanos() && lastReportNanos.compareAndSet(last, now)) {
            LOG.info(() -> describe(ended, now) + " so far");
        }
    }

    private String describe(int ended, long now) {
        long scanned = items.sum();
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        return String.format("snapshot scan #%d: %d/%d segments, %,d items in %.1f s (%,.0f items/s), shared by %d %s",
                number, ended, segments, scanned, seconds, scanned / seconds, snapshots.get(),
                snapshots.get() == 1 ? "snapshot" : "snapshots");
    }
}
