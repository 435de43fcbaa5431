package org.accountstream.domain;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * How far a resumable snapshot was delivered (DESIGN §6): which of the table's
 * {@code segmentCount} scan segments were delivered whole, and for each segment in progress the
 * cursor right after its last delivered account. A segment in neither set was not started.
 *
 * <p>A cursor is the source's own and names no table, so the progress carries the table's
 * identity: a cursor of another table (a recreated one included) or another segment count would
 * resume the wrong rows, and such a token is not honoured.
 */
public record SnapshotProgress(String tableId, int segmentCount, SortedSet<Integer> done,
                               SortedMap<Integer, SegmentCursor> cursors) {

    public SnapshotProgress {
        Objects.requireNonNull(tableId, "tableId");
        if (segmentCount < 1) {
            throw new IllegalArgumentException("at least one segment: " + segmentCount);
        }
        done = Collections.unmodifiableSortedSet(new TreeSet<>(done));
        cursors = Collections.unmodifiableSortedMap(new TreeMap<>(cursors));
        for (int segment : done) {
            requireSegment(segment, segmentCount);
        }
        for (Map.Entry<Integer, SegmentCursor> entry : cursors.entrySet()) {
            requireSegment(entry.getKey(), segmentCount);
            Objects.requireNonNull(entry.getValue(), "cursor of segment " + entry.getKey());
            if (done.contains(entry.getKey())) {
                throw new IllegalArgumentException("segment " + entry.getKey() + " is done and in progress");
            }
        }
    }

    /** Nothing delivered yet. */
    public static SnapshotProgress start(String tableId, int segmentCount) {
        return new SnapshotProgress(tableId, segmentCount, new TreeSet<>(), new TreeMap<>());
    }

    /** After delivering {@code segment} up to {@code cursor}. */
    public SnapshotProgress advanced(int segment, SegmentCursor cursor) {
        if (done.contains(segment)) {
            throw new IllegalStateException("segment " + segment + " is already done");
        }
        TreeMap<Integer, SegmentCursor> next = new TreeMap<>(cursors);
        next.put(segment, cursor);
        return new SnapshotProgress(tableId, segmentCount, done, next);
    }

    /** After delivering all of {@code segment}. */
    public SnapshotProgress segmentDone(int segment) {
        TreeSet<Integer> nextDone = new TreeSet<>(done);
        nextDone.add(segment);
        TreeMap<Integer, SegmentCursor> nextCursors = new TreeMap<>(cursors);
        nextCursors.remove(segment);
        return new SnapshotProgress(tableId, segmentCount, nextDone, nextCursors);
    }

    /** Where {@code segment} continues; empty when it was not started (or is done). */
    public Optional<SegmentCursor> cursorOf(int segment) {
        return Optional.ofNullable(cursors.get(segment));
    }

    /** Segments still to deliver, in order. */
    public SortedSet<Integer> unfinished() {
        TreeSet<Integer> unfinished = new TreeSet<>();
        IntStream.range(0, segmentCount).filter(s -> !done.contains(s)).forEach(unfinished::add);
        return unfinished;
    }

    public boolean complete() {
        return done.size() == segmentCount;
    }

    private static void requireSegment(int segment, int segmentCount) {
        if (segment < 0 || segment >= segmentCount) {
            throw new IllegalArgumentException("segment " + segment + " of " + segmentCount);
        }
    }
}
