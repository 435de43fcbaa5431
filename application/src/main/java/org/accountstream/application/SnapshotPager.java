package org.accountstream.application;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.Frame;
import org.accountstream.domain.SegmentCursor;
import org.accountstream.domain.SnapshotProgress;
import org.accountstream.domain.StreamSession;
import org.accountstream.ports.in.FrameSink;
import org.accountstream.ports.out.ScanCursor;
import org.accountstream.ports.out.SnapshotSource;
import org.accountstream.ports.out.StreamMetrics;

/**
 * The one page a snapshot's scanning threads fill, sent whenever it is full; and, for a consumer
 * that gets tokens during its snapshot, the progress those tokens carry (DESIGN §6).
 *
 * <p><b>Invariant: a token claims only what the consumer was sent.</b> Progress is marked as
 * accounts enter the page (the cursor after the account that fills a page, after each source
 * page, a segment finished) and takes effect only when the page holding them is sent, so the
 * token of a page never names an account of a later page. One thread adds a segment's accounts, in scan
 * order, so each segment's marks move forward only.
 *
 * <p>A scan that serves this consumer little (a small range) still sends a token-only page when
 * its progress moved and nothing was sent for the bookmark interval, so a consumer cut off then
 * does not start over from its last record.
 */
final class SnapshotPager {

    private final StreamSession session;
    private final FrameSink sink;
    private final StreamMetrics metrics;
    private final SnapshotSource source;
    private final Ticker ticker;
    private final long tokenIntervalNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<AccountChange> page = new ArrayList<>(); // guarded by lock
    // Marks of the accounts in the page, or passed over since the last page; guarded by lock.
    private final Map<Integer, ScanCursor> pendingCursors = new HashMap<>();
    private final Set<Integer> pendingDone = new HashSet<>();
    private SnapshotProgress delivered; // what the consumer holds once sent pages arrive; null without tokens
    private SnapshotProgress inLastToken; // guarded by lock
    private long lastSentNanos; // guarded by lock

    /** @param progress where the snapshot starts; empty when the consumer gets no token during it */
    SnapshotPager(StreamSession session, FrameSink sink, StreamMetrics metrics, SnapshotSource source,
                  Ticker ticker, Duration tokenInterval, Optional<SnapshotProgress> progress) {
        this.session = session;
        this.sink = sink;
        this.metrics = metrics;
        this.source = source;
        this.ticker = ticker;
        this.tokenIntervalNanos = tokenInterval.toNanos();
        this.delivered = progress.orElse(null);
        this.inLastToken = delivered;
        this.lastSentNanos = ticker.nanos();
    }

    /** {@code scanned}, a page segment {@code segment}'s read yielded, with the cursor after it. */
    void add(int segment, List<Account> scanned, ScanCursor next) throws InterruptedException {
        List<AccountChange> served = session.served(scanned); // filtered outside the lock
        lock.lockInterruptibly();
        try {
            for (AccountChange change : served) {
                page.add(change);
                if (page.size() == session.pageSize()) {
                    if (delivered != null) { // the page ends inside this source page: after this account
                        pendingCursors.put(segment, source.cursorAfter(((AccountChange.Upsert) change).account()));
                    }
                    flush();
                }
            }
            if (delivered != null) {
                pendingCursors.put(segment, next);
                if (ticker.nanos() - lastSentNanos >= tokenIntervalNanos) {
                    flush();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Every account of {@code segment} was added. */
    void segmentDone(int segment) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            if (delivered != null) {
                pendingCursors.remove(segment);
                pendingDone.add(segment);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sends what is left of the page; the frame ending the snapshot says the rest. */
    void finish() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            if (!page.isEmpty()) {
                flush();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sends the page, with its token if the consumer gets them; holding the lock. */
    private void flush() throws InterruptedException {
        if (delivered == null) {
            if (!page.isEmpty()) {
                send(session.snapshotPage(List.copyOf(page)));
            }
            return;
        }
        pendingCursors.forEach((segment, cursor) ->
                delivered = delivered.advanced(segment, new SegmentCursor(source.cursorBytes(cursor))));
        pendingDone.forEach(segment -> delivered = delivered.segmentDone(segment));
        pendingCursors.clear();
        pendingDone.clear();
        if (!page.isEmpty() || !delivered.equals(inLastToken)) {
            send(session.snapshotPage(List.copyOf(page), delivered));
            inLastToken = delivered;
        }
    }

    private void send(Frame frame) throws InterruptedException {
        sink.send(frame);
        metrics.recordsSent(page.size());
        page.clear();
        lastSentNanos = ticker.nanos();
    }
}
