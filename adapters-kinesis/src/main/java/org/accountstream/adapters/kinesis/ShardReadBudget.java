package org.accountstream.adapters.kinesis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kinesis allows five GetRecords calls per second per shard, whoever makes them. This budget is
 * shared by every reader of one feed in this replica (the shared tails and the streams reading
 * on their own), so the replica never asks for more and gets throttled for it: a read that would
 * exceed it is not made, and the reader is told how long to wait.
 */
final class ShardReadBudget {

    private static final Duration WINDOW = Duration.ofSeconds(1);

    private final int readsPerSecond;
    private final Clock clock;
    private final Map<String, Deque<Instant>> recent = new ConcurrentHashMap<>();

    /** @param readsPerSecond calls allowed per shard per second; 0 for no limit */
    ShardReadBudget(int readsPerSecond, Clock clock) {
        this.readsPerSecond = readsPerSecond;
        this.clock = clock;
    }

    /** Takes one call from {@code shardId}'s budget, or answers how long until one is free. */
    Optional<Duration> take(String shardId) {
        if (readsPerSecond <= 0) {
            return Optional.empty();
        }
        Deque<Instant> calls = recent.computeIfAbsent(shardId, id -> new ArrayDeque<>());
        synchronized (calls) {
            Instant now = clock.instant();
            Instant windowStart = now.minus(WINDOW);
            while (!calls.isEmpty() && !calls.peekFirst().isAfter(windowStart)) {
                calls.removeFirst();
            }
            if (calls.size() >= readsPerSecond) {
                return Optional.of(Duration.between(windowStart, calls.peekFirst()));
            }
            calls.addLast(now);
            return Optional.empty();
        }
    }
}
