package org.accountstream.adapters.memory;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.FeedRecord;
import org.accountstream.domain.Horizon;
import org.accountstream.domain.Position;
import org.accountstream.domain.SequenceNumber;
import org.accountstream.domain.Shard;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.ShardReadResult;

/**
 * A change feed in memory that behaves like Kinesis where it matters for the semantics: records
 * are routed to the open shard whose hash range holds the account; shards split and merge
 * (children listing their parents); retention drops old records and, once everything in them
 * has expired, closed shards; reads are throttled per shard (Kinesis allows 5 per second).
 * Time, for arrivals, retention and throttling alike, is the injected clock's.
 *
 * <p>Sequence numbers are large (Kinesis-like, 50+ digits) and globally increasing, so a child's
 * records always sort after its parents'.
 */
public final class InMemoryChangeFeed implements ChangeFeed {

    /** Kinesis' GetRecords limit per shard. */
    public static final int KINESIS_READS_PER_SECOND = 5;

    private static final BigInteger SEQUENCE_BASE = new BigInteger("49590338271490256608559692538361571095921575989136588898");
    private static final Duration THROTTLE_WINDOW = Duration.ofSeconds(1);

    /** How {@link #captureHead()} names the head of an open shard. */
    public enum Heads {
        /** After its newest record, as DynamoDB Streams' head readers do. */
        AFTER_NEWEST_RECORD,
        /** At the capture's time, as Kinesis' AT_TIMESTAMP start horizons do (DESIGN §6). */
        AT_CAPTURE_TIME
    }

    private final String name;
    private final int readsPerSecondPerShard;
    private final Duration retention;
    private final Clock clock;
    private final Heads heads;
    private final Map<String, MemoryShard> shards = new LinkedHashMap<>();
    private long nextSequence;
    private int nextShardNumber;

    /**
     * @param readsPerSecondPerShard reads allowed per shard per second; 0 for no limit
     */
    public InMemoryChangeFeed(String name, int initialShards, int readsPerSecondPerShard,
                              Duration retention, Clock clock) {
        this(name, initialShards, readsPerSecondPerShard, retention, clock, Heads.AFTER_NEWEST_RECORD);
    }

    public InMemoryChangeFeed(String name, int initialShards, int readsPerSecondPerShard,
                              Duration retention, Clock clock, Heads heads) {
        if (initialShards < 1) {
            throw new IllegalArgumentException("at least one shard");
        }
        this.name = name;
        this.readsPerSecondPerShard = readsPerSecondPerShard;
        this.retention = retention;
        this.clock = clock;
        this.heads = heads;
        long step = Long.divideUnsigned(-1L, initialShards);
        for (int i = 0; i < initialShards; i++) {
            long start = step * i;
            long end = i == initialShards - 1 ? -1L : step * (i + 1) - 1;
            addShard(null, null, start, end);
        }
    }

    @Override
    public String feedId() {
        return "memory:" + name;
    }

    /** Appends one record of {@code changes} to the open shard that holds {@code aci}. */
    public synchronized void append(UUID aci, List<AccountChange> changes) {
        long hashKey = aci.getMostSignificantBits();
        MemoryShard shard = shards.values().stream()
                .filter(s -> s.isOpen() && s.covers(hashKey))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no open shard covers " + aci));
        shard.records.add(new FeedRecord(nextSequence(), changes, clock.instant()));
    }

    /** Closes an open shard and opens two children, each with half of its hash range. */
    public synchronized List<String> split(String shardId) {
        MemoryShard parent = openShard(shardId);
        long mid = parent.hashStart + Long.divideUnsigned(parent.hashEnd - parent.hashStart, 2);
        if (mid == parent.hashEnd) {
            throw new IllegalStateException("shard " + shardId + " is too narrow to split");
        }
        close(parent);
        return List.of(addShard(shardId, null, parent.hashStart, mid).id,
                addShard(shardId, null, mid + 1, parent.hashEnd).id);
    }

    /** Closes two open shards with adjacent hash ranges and opens their merged child. */
    public synchronized String merge(String lowerShardId, String upperShardId) {
        MemoryShard lower = openShard(lowerShardId);
        MemoryShard upper = openShard(upperShardId);
        if (!touches(lower, upper)) {
            throw new IllegalArgumentException(lowerShardId + " and " + upperShardId + " are not adjacent");
        }
        close(lower);
        close(upper);
        return addShard(lowerShardId, upperShardId, lower.hashStart, upper.hashEnd).id;
    }

    /**
     * Splits every open shard, or merges adjacent pairs when there are several: a whole reshard
     * at once, for tests and demos that want every kind of lineage (one parent, two parents).
     */
    public synchronized void reshardAll(boolean split) {
        List<String> open = openShardIds();
        if (split) {
            open.forEach(this::split);
        } else {
            for (int i = 0; i + 1 < open.size(); i += 2) {
                merge(open.get(i), open.get(i + 1));
            }
        }
    }

    /** Open shards in hash order, for tests and the demo writer that reshard. */
    public synchronized List<String> openShardIds() {
        return shards.values().stream()
                .filter(MemoryShard::isOpen)
                .sorted((a, b) -> Long.compareUnsigned(a.hashStart, b.hashStart))
                .map(s -> s.id)
                .toList();
    }

    /** Whether two open shards' hash ranges touch, so that they can be merged. */
    public synchronized boolean adjacent(String lowerShardId, String upperShardId) {
        return touches(openShard(lowerShardId), openShard(upperShardId));
    }

    /**
     * Whether {@code upper}'s range starts right after {@code lower}'s. The hash space does not
     * wrap: the shard ending at its top touches nothing above it, although {@code -1 + 1 == 0}.
     */
    private static boolean touches(MemoryShard lower, MemoryShard upper) {
        return lower.hashEnd != -1L && lower.hashEnd + 1 == upper.hashStart;
    }

    /**
     * Applies retention as of now: drops records older than it, then closed shards that hold
     * nothing and closed before it. Readers positioned before a dropped record get
     * {@link ShardReadResult.Trimmed}.
     */
    public synchronized void trimExpired() {
        Instant cutoff = clock.instant().minus(retention);
        for (MemoryShard shard : shards.values()) {
            while (!shard.records.isEmpty() && shard.records.getFirst().arrival().isBefore(cutoff)) {
                shard.lastTrimmed = shard.records.removeFirst();
            }
        }
        shards.values().removeIf(s -> !s.isOpen() && s.records.isEmpty() && s.closedAt.isBefore(cutoff));
    }

    @Override
    public synchronized List<Shard> listShards() {
        return shards.values().stream().map(MemoryShard::describe).toList();
    }

    @Override
    public synchronized Horizon captureHead() {
        Map<String, Position> head = new LinkedHashMap<>();
        for (MemoryShard shard : shards.values()) {
            if (shard.isOpen()) {
                head.put(shard.id, heads == Heads.AT_CAPTURE_TIME
                        ? Position.atTimestamp(clock.instant())
                        : newestPosition(shard));
            }
        }
        return Horizon.of(head);
    }

    @Override
    public synchronized ShardReadResult read(String shardId, Position from, int maxRecords) {
        MemoryShard shard = shards.get(shardId);
        if (shard == null) {
            return new ShardReadResult.Trimmed();
        }
        Duration wait = throttle(shard);
        if (wait != null) {
            return new ShardReadResult.Throttled(wait);
        }
        if (missesTrimmedRecords(shard, from)) {
            return new ShardReadResult.Trimmed();
        }
        int first = switch (from) {
            case Position.NotStarted notStarted -> 0;
            case Position.After after -> shard.firstIndexAfter(after.sequence());
            case Position.AtTimestamp at -> shard.firstIndexAt(at.timestamp());
        };
        int end = Math.min(shard.records.size(), first + maxRecords);
        List<FeedRecord> records = List.copyOf(shard.records.subList(first, end));
        boolean drained = end == shard.records.size();
        long behind = drained
                ? 0
                : Math.max(1, Duration.between(shard.records.get(end).arrival(), clock.instant()).toMillis());
        return new ShardReadResult.Batch(records, drained && !shard.isOpen(), behind);
    }

    private static boolean missesTrimmedRecords(MemoryShard shard, Position from) {
        if (shard.lastTrimmed == null) {
            return false;
        }
        return switch (from) {
            case Position.NotStarted notStarted -> true;
            case Position.After after -> after.sequence().compareTo(shard.lastTrimmed.sequence()) < 0;
            case Position.AtTimestamp at -> !at.timestamp().isAfter(shard.lastTrimmed.arrival());
        };
    }

    /** How long to wait before this read is allowed, or {@code null} when it is (by the feed's clock). */
    private Duration throttle(MemoryShard shard) {
        if (readsPerSecondPerShard <= 0) {
            return null;
        }
        Instant now = clock.instant();
        Instant windowStart = now.minus(THROTTLE_WINDOW);
        while (!shard.recentReads.isEmpty() && !shard.recentReads.peekFirst().isAfter(windowStart)) {
            shard.recentReads.removeFirst();
        }
        if (shard.recentReads.size() >= readsPerSecondPerShard) {
            return Duration.between(windowStart, shard.recentReads.peekFirst());
        }
        shard.recentReads.addLast(now);
        return null;
    }

    private static Position newestPosition(MemoryShard shard) {
        if (!shard.records.isEmpty()) {
            return Position.after(shard.records.getLast().sequence());
        }
        return shard.lastTrimmed == null
                ? Position.notStarted()
                : Position.after(shard.lastTrimmed.sequence());
    }

    private MemoryShard openShard(String shardId) {
        MemoryShard shard = shards.get(shardId);
        if (shard == null || !shard.isOpen()) {
            throw new IllegalArgumentException("no open shard " + shardId);
        }
        return shard;
    }

    private void close(MemoryShard shard) {
        shard.endingSequence = nextSequence();
        shard.closedAt = clock.instant();
    }

    private MemoryShard addShard(String parentId, String adjacentParentId, long hashStart, long hashEnd) {
        String id = String.format("shardId-%012d", nextShardNumber++);
        MemoryShard shard = new MemoryShard(id, parentId, adjacentParentId, hashStart, hashEnd, nextSequence());
        shards.put(id, shard);
        return shard;
    }

    private SequenceNumber nextSequence() {
        return new SequenceNumber(SEQUENCE_BASE.add(BigInteger.valueOf(nextSequence++)));
    }
}
