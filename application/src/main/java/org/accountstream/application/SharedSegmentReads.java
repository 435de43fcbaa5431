package org.accountstream.application;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.accountstream.domain.Frame;
import org.accountstream.ports.out.ScanCursor;
import org.accountstream.ports.out.SnapshotSource;
import org.accountstream.ports.out.StreamMetrics;

/**
 * Reads of scan segments shared by concurrent snapshots (DESIGN §8). A snapshot subscribes to
 * every segment when it starts; where another snapshot's read of a segment is scheduled but has
 * not started, it joins that read instead of scheduling a second one. The reads one snapshot
 * schedules form one scan, which the log reports on as a whole ({@link ScanReport}).
 *
 * <p><b>Invariant: only a read that has not started can be joined.</b> A snapshot must scan
 * after capturing its start horizon (DESIGN §6); a read that has already handed out pages may
 * have read them before the joiner's capture, and a write made in between would be in neither
 * the joiner's scan nor its replay.
 */
final class SharedSegmentReads {

    /**
     * Accounts a subscriber may fall behind the fastest one before it continues on its own: two
     * full frames, so ordinary jitter between clients does not split a shared read. A page is
     * always taken into an empty buffer, however large.
     */
    static final int BUFFERED_ACCOUNTS = 2 * Frame.MAX_RECORDS;

    private final SnapshotSource source;
    private final StreamMetrics metrics;
    private final Ticker ticker;
    private final Map<Integer, SegmentRead> scheduled = new HashMap<>(); // guarded by this
    private long schedulingOrder; // guarded by this
    private long scans; // guarded by this

    SharedSegmentReads(SnapshotSource source, StreamMetrics metrics, Ticker ticker) {
        this.source = source;
        this.metrics = metrics;
        this.ticker = ticker;
    }

    /**
     * Subscribes to {@code segments}, each to be read from its cursor: first the reads joined, in
     * the order they were scheduled, which is the order their other subscribers take them in (so
     * this snapshot takes them about when the others do), then its own new reads: those continuing
     * from a cursor, then the others in shuffled order (so concurrent snapshots spread over the
     * table instead of queueing). Only a segment read from its start can join a read (a resumed
     * snapshot's segments in progress are read on their own), and a read continuing from a cursor
     * is never joined. The caller must have captured its start horizon already.
     */
    synchronized List<SegmentRead.Subscription> subscribe(SortedMap<Integer, ScanCursor> segments) {
        List<SegmentRead.Subscription> subscriptions = new ArrayList<>();
        SortedMap<Integer, ScanCursor> own = new TreeMap<>();
        Set<ScanReport> joinedScans = new HashSet<>();
        segments.forEach((segment, from) -> {
            SegmentRead read = from == ScanCursor.START ? scheduled.get(segment) : null;
            if (read != null) {
                subscriptions.add(read.subscribe());
                metrics.snapshotSegmentReadJoined();
                joinedScans.add(read.report());
            } else {
                own.put(segment, from);
            }
        });
        joinedScans.forEach(ScanReport::joined);
        subscriptions.sort(Comparator.comparingLong(SegmentRead.Subscription::schedulingOrder));
        // Segments in progress first, so a snapshot cut off again and again does not leave more and
        // more of them (each adds a cursor to its tokens); then the others in shuffled order.
        List<Integer> unscheduled = new ArrayList<>();
        List<Integer> fromTheStart = new ArrayList<>();
        own.forEach((segment, from) -> (from == ScanCursor.START ? fromTheStart : unscheduled).add(segment));
        Collections.shuffle(fromTheStart);
        unscheduled.addAll(fromTheStart);
        ScanReport report = unscheduled.isEmpty() ? null : new ScanReport(++scans, unscheduled.size(), ticker);
        for (int segment : unscheduled) {
            ScanCursor from = own.get(segment);
            SegmentRead read = new SegmentRead(this, source, metrics, report, segment, from, schedulingOrder++);
            if (from == ScanCursor.START) {
                scheduled.put(segment, read);
            }
            subscriptions.add(read.subscribe());
        }
        return subscriptions;
    }

    /** Called as {@code read} starts or is abandoned: from now on nobody may join it. */
    synchronized void closeToNewSubscribers(SegmentRead read) {
        scheduled.remove(read.segment(), read);
    }
}
