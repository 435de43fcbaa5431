package org.accountstream.application;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.accountstream.domain.Account;
import org.accountstream.ports.out.ScanCursor;
import org.accountstream.ports.out.SnapshotSource;
import org.accountstream.ports.out.StreamMetrics;

/**
 * One read of a scan segment feeding any number of snapshots, each through its own buffer of
 * about {@link SharedSegmentReads#BUFFERED_ACCOUNTS} accounts. The read runs on its own thread
 * from the moment a subscriber starts taking pages, at the pace of its fastest subscriber.
 *
 * <p>A subscriber whose buffer is full when the read has a page another subscriber has room for
 * is detached, and continues the segment on its own read from the cursor of the last page it
 * took: so a slow or stalled client never holds back the others, and no account is repeated or
 * skipped. A detached subscriber that is taking pages keeps its buffer to drain first; one that has
 * not started taking them (its snapshot is busy with other segments) drops it and will read the
 * segment itself, so a stalled snapshot holds no pages of reads it is not taking. When every
 * subscriber has left (finished, detached or cancelled), the read stops: nobody pays for pages
 * nobody takes.
 */
final class SegmentRead {

    private enum State { SCHEDULED, RUNNING, DONE, FAILED, ABANDONED }

    private record Page(List<Account> accounts, ScanCursor next) {
    }

    private final SharedSegmentReads reads;
    private final SnapshotSource source;
    private final StreamMetrics metrics;
    private final ScanReport report;
    private final int segment;
    private final ScanCursor from;
    private final long schedulingOrder;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Subscription> attached = new ArrayList<>(); // guarded by lock
    private State state = State.SCHEDULED; // guarded by lock
    private RuntimeException failure; // guarded by lock
    private Thread reader; // guarded by lock

    SegmentRead(SharedSegmentReads reads, SnapshotSource source, StreamMetrics metrics, ScanReport report,
                int segment, ScanCursor from, long schedulingOrder) {
        this.reads = reads;
        this.source = source;
        this.metrics = metrics;
        this.report = report;
        this.segment = segment;
        this.from = from;
        this.schedulingOrder = schedulingOrder;
    }

    int segment() {
        return segment;
    }

    ScanReport report() {
        return report;
    }

    /** A new subscriber; only while the read is scheduled (see {@link SharedSegmentReads}). */
    Subscription subscribe() {
        lock.lock();
        try {
            if (state != State.SCHEDULED) {
                throw new IllegalStateException("segment " + segment + " is already being read");
            }
            Subscription subscription = new Subscription();
            attached.add(subscription);
            return subscription;
        } finally {
            lock.unlock();
        }
    }

    private void startIfScheduled() {
        reads.closeToNewSubscribers(this); // before the first page is read: see SharedSegmentReads
        lock.lock();
        try {
            if (state == State.SCHEDULED) {
                state = State.RUNNING;
                reader = Thread.ofVirtual().name("scan-segment-" + segment).start(this::read);
            }
        } finally {
            lock.unlock();
        }
    }

    private void read() {
        try {
            source.scanSegment(segment, from, counted(this::deliver));
            end(State.DONE, null);
        } catch (InterruptedException e) {
            // Normally everyone left and nobody waits for the rest; a subscriber still attached
            // must not take an interrupted read for a finished segment.
            end(State.FAILED, new IllegalStateException("read of segment " + segment + " was interrupted", e));
        } catch (RuntimeException e) {
            end(State.FAILED, e);
        }
    }

    /** Counts what is read from the table, once however many snapshots take it. */
    private SnapshotSource.PageConsumer counted(SnapshotSource.PageConsumer pages) {
        return (accounts, next) -> {
            metrics.snapshotItemsScanned(accounts.size());
            report.scanned(accounts.size());
            pages.accept(accounts, next);
        };
    }

    private void deliver(List<Account> accounts, ScanCursor next) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (!attached.isEmpty() && attached.stream().allMatch(Subscription::bufferFull)) {
                changed.await();
            }
            if (attached.isEmpty()) {
                throw new InterruptedException("nobody takes segment " + segment + " any more");
            }
            Page page = new Page(accounts, next);
            for (Iterator<Subscription> it = attached.iterator(); it.hasNext(); ) {
                Subscription subscription = it.next();
                if (subscription.bufferFull()) {
                    subscription.detach();
                    it.remove();
                } else {
                    subscription.buffer.add(page);
                    subscription.buffered += accounts.size();
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void end(State outcome, RuntimeException cause) {
        lock.lock();
        try {
            state = outcome;
            failure = cause;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        report.readEnded(outcome == State.DONE);
    }

    /** One snapshot's share of the read. */
    final class Subscription {
        private final ArrayDeque<Page> buffer = new ArrayDeque<>(); // guarded by lock
        private int buffered; // accounts in buffer, guarded by lock
        private boolean taking; // its snapshot is taking this segment's pages, guarded by lock
        private boolean detached; // guarded by lock
        private boolean left; // guarded by lock
        private ScanCursor resumeAfter = from; // the consumer's own

        long schedulingOrder() {
            return schedulingOrder;
        }

        int segment() {
            return segment;
        }

        /**
         * Hands the whole segment to {@code pages}: from the shared read while this subscriber
         * keeps up, then from its own read if it was detached. Returns when the segment is done.
         */
        void readInto(SnapshotSource.PageConsumer pages) throws InterruptedException {
            markTaking();
            startIfScheduled();
            try {
                for (Page page = next(); page != null; page = next()) {
                    pages.accept(page.accounts(), page.next());
                    resumeAfter = page.next();
                }
                if (isDetached()) {
                    source.scanSegment(segment, resumeAfter, counted(pages));
                }
            } finally {
                leave();
            }
        }

        /** Stops taking pages; the read stops when this was its last subscriber. Idempotent. */
        void leave() {
            boolean abandonedBeforeStart;
            lock.lock();
            try {
                if (left) {
                    return;
                }
                left = true;
                buffer.clear();
                attached.remove(this);
                abandonedBeforeStart = state == State.SCHEDULED && attached.isEmpty();
                if (abandonedBeforeStart) {
                    state = State.ABANDONED; // never started: nobody is left to take its pages
                }
                if (state == State.RUNNING && attached.isEmpty()) {
                    reader.interrupt();
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            if (abandonedBeforeStart) {
                reads.closeToNewSubscribers(SegmentRead.this);
                report.readEnded(false);
            }
        }

        /** The next buffered page, or null when the shared read has nothing more for this subscriber. */
        private Page next() throws InterruptedException {
            lock.lockInterruptibly();
            try {
                while (buffer.isEmpty() && !detached && state == State.RUNNING) {
                    changed.await();
                }
                Page page = buffer.poll();
                if (page != null) {
                    buffered -= page.accounts().size();
                    changed.signalAll(); // the reader may be waiting for room
                    return page;
                }
                if (!detached && state == State.FAILED) {
                    throw failure;
                }
                return null;
            } finally {
                lock.unlock();
            }
        }

        /**
         * Whether another snapshot started the read and is buffering pages for this one: taking it
         * now shares the read, taking it later would likely mean reading the segment again.
         */
        boolean startedWithoutMe() {
            lock.lock();
            try {
                return state == State.RUNNING && !taking && !detached;
            } finally {
                lock.unlock();
            }
        }

        private void markTaking() {
            lock.lock();
            try {
                taking = true;
            } finally {
                lock.unlock();
            }
        }

        /** Called by the reader, holding the lock. */
        private void detach() {
            detached = true;
            if (!taking) {
                buffer.clear(); // nothing taken yet: its own read will start from the top
                buffered = 0;
            }
        }

        private boolean isDetached() {
            lock.lock();
            try {
                return detached;
            } finally {
                lock.unlock();
            }
        }

        private boolean bufferFull() {
            return buffered >= SharedSegmentReads.BUFFERED_ACCOUNTS;
        }
    }
}
