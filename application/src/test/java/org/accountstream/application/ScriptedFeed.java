package org.accountstream.application;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.FeedRecord;
import org.accountstream.domain.Horizon;
import org.accountstream.domain.Position;
import org.accountstream.domain.SequenceNumber;
import org.accountstream.domain.Shard;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.ShardReadResult;

/**
 * A feed whose shards a test fills, closes and trims by hand; sequence numbers are small, and
 * record {@code n} arrived at second {@code n} of the epoch ({@link #arrivalOf}). A test can also
 * hold reads (a read begun while held waits until {@link #releaseReads()}) and throttle the reads
 * of a backlog.
 */
final class ScriptedFeed implements ChangeFeed {

    private final Map<String, List<FeedRecord>> records = new HashMap<>();
    private final Map<String, Long> lostThrough = new HashMap<>();
    private final Set<String> closed = new HashSet<>();
    private boolean held;
    private int readsWaiting;
    private long throttledBefore = -1;

    static Instant arrivalOf(long sequence) {
        return Instant.ofEpochSecond(sequence);
    }

    /** Reads from a position before record {@code sequence} answer "throttled" from now on. */
    synchronized void throttleReadsBefore(long sequence) {
        throttledBefore = sequence;
    }

    synchronized void holdReads() {
        held = true;
    }

    synchronized void releaseReads() {
        held = false;
        notifyAll();
    }

    /** Reads begun while held that are still waiting. */
    synchronized int readsWaiting() {
        return readsWaiting;
    }

    synchronized void append(String shard, long... sequences) {
        for (long sequence : sequences) {
            records.computeIfAbsent(shard, s -> new ArrayList<>())
                    .add(new FeedRecord(SequenceNumber.of(sequence), List.<AccountChange>of(), arrivalOf(sequence)));
        }
    }

    synchronized void close(String shard) {
        closed.add(shard);
    }

    /** Records up to and including {@code sequence} are gone. */
    synchronized void trimThrough(String shard, long sequence) {
        lostThrough.put(shard, sequence);
        records.getOrDefault(shard, new ArrayList<>()).removeIf(r -> r.sequence().value().longValue() <= sequence);
    }

    @Override
    public String feedId() {
        return "scripted";
    }

    @Override
    public synchronized List<Shard> listShards() {
        return records.keySet().stream().map(id -> new Shard(id, null, null, SequenceNumber.of(0),
                closed.contains(id) ? SequenceNumber.of(Long.MAX_VALUE) : null)).toList();
    }

    @Override
    public Horizon captureHead() {
        throw new UnsupportedOperationException("not needed by these tests");
    }

    @Override
    public synchronized ShardReadResult read(String shardId, Position from, int maxRecords) {
        awaitRelease();
        long after = switch (from) {
            case Position.NotStarted notStarted -> -1;
            case Position.After a -> a.sequence().value().longValue();
            case Position.AtTimestamp at -> at.timestamp().getEpochSecond() - 1; // see arrivalOf
        };
        if (after + 1 < throttledBefore) {
            return new ShardReadResult.Throttled(Duration.ofMillis(10));
        }
        if (after < lostThrough.getOrDefault(shardId, -1L)) {
            return new ShardReadResult.Trimmed();
        }
        List<FeedRecord> following = records.getOrDefault(shardId, List.of()).stream()
                .filter(r -> r.sequence().value().longValue() > after)
                .toList();
        List<FeedRecord> batch = following.subList(0, Math.min(maxRecords, following.size()));
        boolean drained = batch.size() == following.size();
        return new ShardReadResult.Batch(batch, drained && closed.contains(shardId), drained ? 0 : 1);
    }

    private void awaitRelease() {
        readsWaiting++;
        try {
            while (held) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the tail is stopping; its read result is not used
        } finally {
            readsWaiting--;
        }
    }
}
