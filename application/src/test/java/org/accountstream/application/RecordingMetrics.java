package org.accountstream.application;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.accountstream.domain.TokenCheck;
import org.accountstream.ports.out.StreamMetrics;

/** Remembers what the service counted that the tests care about. */
final class RecordingMetrics implements StreamMetrics {

    private final List<TokenCheck.Reason> notHonoured = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicInteger itemsScanned = new AtomicInteger();
    private final AtomicInteger segmentsScanned = new AtomicInteger();
    private final AtomicInteger segmentReadsJoined = new AtomicInteger();
    private final AtomicLong sharedFeedReads = new AtomicLong();
    private final AtomicLong ownFeedReads = new AtomicLong();

    /** Reads of the feed by the shared shard tails. */
    long sharedFeedReads() {
        return sharedFeedReads.get();
    }

    /** Reads of the feed by streams themselves (behind the shared tails' logs). */
    long ownFeedReads() {
        return ownFeedReads.get();
    }

    int itemsScanned() {
        return itemsScanned.get();
    }

    int segmentsScanned() {
        return segmentsScanned.get();
    }

    int segmentReadsJoined() {
        return segmentReadsJoined.get();
    }

    /** The limits that refused streams, one entry per refusal. */
    List<String> refused() {
        return List.copyOf(refused);
    }

    List<TokenCheck.Reason> notHonoured() {
        return List.copyOf(notHonoured);
    }

    int opened() {
        return opened.get();
    }

    int closed() {
        return closed.get();
    }

    @Override
    public void tokenNotHonoured(TokenCheck.Reason reason) {
        notHonoured.add(reason);
    }

    @Override
    public void snapshotItemsScanned(int items) {
        itemsScanned.addAndGet(items);
    }

    @Override
    public void snapshotSegmentScanned() {
        segmentsScanned.incrementAndGet();
    }

    @Override
    public void snapshotSegmentReadJoined() {
        segmentReadsJoined.incrementAndGet();
    }

    @Override
    public void streamRefused(String limit) {
        refused.add(limit);
    }

    @Override
    public void feedRead(boolean shared) {
        (shared ? sharedFeedReads : ownFeedReads).incrementAndGet();
    }

    @Override
    public void streamOpened() {
        opened.incrementAndGet();
    }

    @Override
    public void streamClosed() {
        closed.incrementAndGet();
    }
}
