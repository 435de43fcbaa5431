package org.accountstream.application;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.accountstream.ports.out.ScanCursor;
import org.accountstream.ports.out.SnapshotSource;

/**
 * A snapshot source that counts the segment reads it serves and can hold them at their start
 * (before the first page), so a test can line up concurrent snapshots deterministically.
 */
final class HeldSnapshotSource extends ForwardingSnapshotSource {

    private final AtomicInteger readsFromStart = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private volatile CountDownLatch release = new CountDownLatch(0);
    private volatile RuntimeException failure;

    HeldSnapshotSource(SnapshotSource table) {
        super(table);
    }

    /** Reads starting from now on wait at their start until {@link #release()}. */
    void hold() {
        release = new CountDownLatch(1);
    }

    void release() {
        release.countDown();
    }

    /** Reads from now on fail with {@code error} once they are released. */
    void failWith(RuntimeException error) {
        failure = error;
    }

    /** Reads waiting at their start now. */
    int held() {
        return held.get();
    }

    /** Reads in progress now, held or not. */
    int running() {
        return running.get();
    }

    int readsFromStart() {
        return readsFromStart.get();
    }

    @Override
    public void scanSegment(int segment, ScanCursor from, PageConsumer pages) throws InterruptedException {
        if (from == ScanCursor.START) {
            readsFromStart.incrementAndGet();
        }
        running.incrementAndGet();
        try {
            held.incrementAndGet();
            try {
                release.await();
            } finally {
                held.decrementAndGet();
            }
            if (failure != null) {
                throw failure;
            }
            super.scanSegment(segment, from, pages);
        } finally {
            running.decrementAndGet();
        }
    }
}
