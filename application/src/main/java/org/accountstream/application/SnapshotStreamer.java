package org.accountstream.application;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.Frame;
import org.accountstream.domain.StreamSession;
import org.accountstream.ports.in.FrameSink;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.SnapshotSource;
import org.accountstream.ports.out.StreamMetrics;

/**
 * Runs the fresh start of a stream: clear-all, the start horizon captured <em>before</em> the
 * scan (DESIGN §6), then the parallel scan, sharing segment reads with concurrent snapshots
 * ({@link SharedSegmentReads}). Scanning threads pour what the consumer is served
 * into one shared page and send it when full, waiting for the consumer while they hold the
 * page: a snapshot holds at most one page, one source page per scanning thread, and the bounded
 * buffers of the shared reads it subscribed to in memory, however slow its consumer.
 */
final class SnapshotStreamer {

    private final SharedSegmentReads reads;
    private final ChangeFeed feed;
    private final ServiceSettings settings;
    private final StreamMetrics metrics;
    private final Ticker ticker;
    /** One per snapshot under way; the rest wait their turn, first come first served. */
    private final Semaphore turns;

    SnapshotStreamer(SnapshotSource source, ChangeFeed feed, ServiceSettings settings, StreamMetrics metrics,
                     Ticker ticker) {
        this.reads = new SharedSegmentReads(source, metrics, ticker);
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
     * Sends a whole fresh snapshot to {@code sink} and returns the session, ready to tail. Waits
     * first, before anything is sent, while the most snapshots allowed are under way.
     */
    void stream(StreamSession session, FrameSink sink) throws InterruptedException {
        turns.acquire();
        try {
            sink.send(session.clearAll());
            session.startHorizonCaptured(feed.captureHead());
            List<SegmentRead.Subscription> segments = reads.subscribeAll(); // after the capture: see SharedSegmentReads
            try {
                scan(segments, session, sink);
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

    private void scan(List<SegmentRead.Subscription> segments, StreamSession session, FrameSink sink)
            throws InterruptedException {
        Deque<SegmentRead.Subscription> unread = new ArrayDeque<>(segments);
        PageFiller pages = new PageFiller(session, sink, metrics);
        int workers = Math.min(settings.scanParallelism(), Math.max(1, segments.size()));
        try (ExecutorService scanners = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                running.add(scanners.submit(() -> {
                    for (SegmentRead.Subscription segment = next(unread); segment != null; segment = next(unread)) {
                        segment.readInto((accounts, next) -> pages.add(accounts));
                        metrics.snapshotSegmentScanned();
                    }
                    return null;
                }));
            }
            awaitAll(running);
        }
        pages.flush();
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

    /** The one page being filled, shared by the scanning threads; sent whenever it is full. */
    private static final class PageFiller {
        private final StreamSession session;
        private final FrameSink sink;
        private final StreamMetrics metrics;
        private final ReentrantLock lock = new ReentrantLock();
        private final List<AccountChange> page = new ArrayList<>();

        PageFiller(StreamSession session, FrameSink sink, StreamMetrics metrics) {
            this.session = session;
            this.sink = sink;
            this.metrics = metrics;
        }

        void add(List<Account> scanned) throws InterruptedException {
            List<AccountChange> served = session.served(scanned); // filtered outside the lock
            lock.lockInterruptibly();
            try {
                for (AccountChange change : served) {
                    page.add(change);
                    if (page.size() == session.pageSize()) {
                        flush();
                    }
                }
            } finally {
                lock.unlock();
            }
        }

        void flush() throws InterruptedException {
            lock.lockInterruptibly();
            try {
                if (!page.isEmpty()) {
                    sink.send(session.snapshotPage(List.copyOf(page)));
                    metrics.recordsSent(page.size());
                    page.clear();
                }
            } finally {
                lock.unlock();
            }
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
