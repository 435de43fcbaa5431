package org.accountstream.aws;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.accountstream.domain.Position;

/**
 * The next shard iterator of recent reads, by the position it continues from, so that a reader
 * reading on from where its last read ended (the shared tail of a shard, usually) costs one
 * GetRecords call instead of GetShardIterator + GetRecords.
 *
 * <p>An iterator is taken out when used: two readers at the same position do not share one, and
 * each read puts back the iterator for its own end position. DynamoDB iterators expire 15 minutes
 * after they are issued; older entries than {@code maxAge} are treated as absent so a read does not
 * waste a call on one. The least recently used entries beyond {@code capacity} are dropped, so
 * readers that went away cost nothing for long.
 */
public final class ShardIteratorCache {

    private record Key(String shardId, Position position) {
    }

    private record Issued(String iterator, long issuedNanos) {
    }

    private final long maxAgeNanos;
    private final Map<Key, Issued> entries;

    public ShardIteratorCache(int capacity, Duration maxAge) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative: " + capacity);
        }
        this.maxAgeNanos = maxAge.toNanos();
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Issued> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The iterator that continues after {@code position}, or {@code null}; it is removed. */
    public synchronized String take(String shardId, Position position) {
        Issued entry = entries.remove(new Key(shardId, position));
        if (entry == null || System.nanoTime() - entry.issuedNanos() > maxAgeNanos) {
            return null;
        }
        return entry.iterator();
    }

    /** {@code issuedNanos}: a {@link System#nanoTime()} no later than when the service issued it. */
    public synchronized void put(String shardId, Position position, String iterator, long issuedNanos) {
        entries.put(new Key(shardId, position), new Issued(iterator, issuedNanos));
    }

    public synchronized int size() {
        return entries.size();
    }
}
