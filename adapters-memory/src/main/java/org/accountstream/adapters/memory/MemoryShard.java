package org.accountstream.adapters.memory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.accountstream.domain.FeedRecord;
import org.accountstream.domain.SequenceNumber;
import org.accountstream.domain.Shard;

/**
 * One shard of {@link InMemoryChangeFeed}: a slice {@code [hashStart, hashEnd]} of the unsigned
 * 64-bit hash space and the records written to it. Not thread-safe: the feed guards it.
 */
final class MemoryShard {

    final String id;
    final String parentId;
    final String adjacentParentId;
    final long hashStart;
    final long hashEnd;
    final SequenceNumber startingSequence;
    final List<FeedRecord> records = new ArrayList<>(); // each with its arrival time
    final Deque<Instant> recentReads = new ArrayDeque<>(); // within the last throttle window
    SequenceNumber endingSequence;
    Instant closedAt;
    /** The newest record dropped by retention; reading from before it would miss records. */
    FeedRecord lastTrimmed;

    MemoryShard(String id, String parentId, String adjacentParentId, long hashStart, long hashEnd,
                SequenceNumber startingSequence) {
        this.id = id;
        this.parentId = parentId;
        this.adjacentParentId = adjacentParentId;
        this.hashStart = hashStart;
        this.hashEnd = hashEnd;
        this.startingSequence = startingSequence;
    }

    boolean isOpen() {
        return endingSequence == null;
    }

    boolean covers(long hashKey) {
        return Long.compareUnsigned(hashKey, hashStart) >= 0 && Long.compareUnsigned(hashKey, hashEnd) <= 0;
    }

    Shard describe() {
        return new Shard(id, parentId, adjacentParentId, startingSequence, endingSequence);
    }

    /** Index of the first record with a sequence number above {@code sequence}. */
    int firstIndexAfter(SequenceNumber sequence) {
        int low = 0;
        int high = records.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (records.get(mid).sequence().compareTo(sequence) <= 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Index of the first record that arrived at or after {@code timestamp}. */
    int firstIndexAt(Instant timestamp) {
        int index = 0;
        while (index < records.size() && records.get(index).arrival().isBefore(timestamp)) {
            index++;
        }
        return index;
    }
}
