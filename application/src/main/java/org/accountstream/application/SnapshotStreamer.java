package org.accountstream.application;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.SortedMap;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.accountstream.domain.Frame;
import org.accountstream.domain.SnapshotProgress;
import org.accountstream.domain.StreamSession;
import org.accountstream.ports.in.FrameSink;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.ScanCursor;
import org.accountstream.ports.out.SnapshotSource;
import org.accountstream.ports.out.StreamMetrics;

/**
 * Runs the snapshot of a stream: for a fresh one clear-all, the start horizon captured
 * <em>before</em> the scan (DESIGN §6), then the parallel scan, sharing segment reads with
 * concurrent snapshots ({@link SharedSegmentReads}); for a resumed one the unfinished segments
 * from the cursors its token recorded. Scanning threads pour what the consumer is served into
 * one shared page ({@link SnapshotPager}) and send it when full, waiting for the consumer while
 * they hold the page: a snapshot holds at most one page, one source page per scanning thread,
 * and the bounded buffers of the shared reads it subscribed to in memory, however slow its
 * consumer.
 */
final class SnapshotStreamer {

    private final SharedSegmentReads reads;
    private final SnapshotSource source;
    private final ChangeFeed feed;
    private final ServiceSettings settings;
    private final StreamMetrics metrics;
    private final Ticker ticker;
    /** One per snapshot under way; the rest wait their turn, first come first served. */
    private final Semaphore turns;

    SnapshotStreamer(SnapshotSource source, ChangeFeed feed, ServiceSettings settings, StreamMetrics metrics,
                     Ticker ticker) {
        this.reads = new SharedSegmentReads(source, metrics, ticker);
        this.source = source;
        this.feed = feed;
        this.settings = settings;
        this.metrics = metrics;
        this.ticker = ticker;
        this.turns = new Semaphore(settings.limits().maxSnapshots(), true);
    }

    /** Snapshots waiting for their turn now. */
    int waiting() {
        return turns.getQueueLength();
    }

    /**
     * Sends a snapshot to {@code sink}, a whole fresh one or the rest of a resumed one, and
     * returns with the session ready to tail. Waits first, before anything is sent, while the most
     * snapshots allowed are under way.
     */
    void stream(StreamSession session, FrameSink sink) throws InterruptedException {
        turns.acquire();
        try {
            Optional<SnapshotProgress> progress = session.resumedSnapshot();
            if (progress.isPresent()) {
                metrics.snapshotResumed();
            } else {
                sink.send(session.clearAll());
                session.startHorizonCaptured(feed.captureHead());
                if (session.tokensDuringSnapshot()) {
                    progress = Optional.of(SnapshotProgress.start(source.tableId(), source.segmentCount()));
                }
            }
            // After the capture: see SharedSegmentReads.
            List<SegmentRead.Subscription> segments = reads.subscribe(segmentsToRead(progress));
            try {
                scan(segments, new SnapshotPager(session, sink, metrics, source, ticker, settings.bookmarkInterval(),
                        session.tokensDuringSnapshot() ? progress : Optional.empty()));
            } finally {
                segments.forEach(SegmentRead.Subscription::leave); // stops reads only this snapshot needed
            }
            for (Frame frame : session.snapshotFinished(ticker.nanos())) {
                sink.send(frame);
            }
        } finally {
            turns.release();
        }
    }

    /**
     * The cursors a snapshot's segments are read from: every segment from its start, or the
     * unfinished ones of {@code progress} from where it says.
     *
     * @throws IllegalArgumentException if a cursor in {@code progress} is not this source's
     */
    SortedMap<Integer, ScanCursor> segmentsToRead(Optional<SnapshotProgress> progress) {
        SortedMap<Integer, ScanCursor> segments = new TreeMap<>();
        for (int segment = 0; segment < source.segmentCount(); segment++) {
            if (progress.isEmpty()) {
                segments.put(segment, ScanCursor.START);
            } else if (!progress.get().done().contains(segment)) {
                segments.put(segment, progress.get().cursorOf(segment)
                        .map(cursor -> source.cursorFromBytes(cursor.bytes()))
                        .orElse(ScanCursor.START));
            }
        }
        return segments;
    }

    private void scan(List<SegmentRead.Subscription> segments, SnapshotPager pages) throws InterruptedException {
        Deque<SegmentRead.Subscription> unread = new ArrayDeque<>(segments);
        int workers = Math.min(settings.scanParallelism(), Math.max(1, segments.size()));
        try (ExecutorService scanners = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                running.add(scanners.submit(() -> {
                    for (SegmentRead.Subscription segment = next(unread); segment != null; segment = next(unread)) {
                        int number = segment.segment();
                        segment.readInto((accounts, next) -> pages.add(number, accounts, next));
                        pages.segmentDone(number);
                        metrics.snapshotSegmentScanned();
                    }
                    return null;
                }));
            }
            awaitAll(running);
        }
        pages.finish();
    }

    /**
     * The segment to take next: one another snapshot already started reading for this one too,
     * if any (its pages are being buffered and would be dropped if left too long), otherwise the
     * next in the subscription order.
     */
    private static SegmentRead.Subscription next(Deque<SegmentRead.Subscription> unread) {
        synchronized (unread) {
            for (Iterator<SegmentRead.Subscription> it = unread.iterator(); it.hasNext(); ) {
                SegmentRead.Subscription segment = it.next();
                if (segment.startedWithoutMe()) {
                    it.remove();
                    return segment;
                }
            }
            return unread.pollFirst();
        }
    }

    private static void awaitAll(List<Future<?>> running) throws InterruptedException {
        try {
            for (Future<?> future : running) {
                future.get();
            }
        } catch (ExecutionException e) {
            running.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("snapshot scan failed", e.getCause());
        } catch (InterruptedException e) {
            running.forEach(f -> f.cancel(true));
            throw e;
        }
    }
}
