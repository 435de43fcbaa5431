package org.accountstream.application;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.accountstream.domain.Horizon;
import org.accountstream.domain.Position;
import org.accountstream.domain.PositionOrder;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.ShardReadResult;
import org.accountstream.ports.out.SourceUnavailableException;

/**
 * A feed whose reads a test makes fail: reads of a backlog (positions before a horizon) answer
 * "throttled", as Kinesis does when a shard's reads are spent, or every read fails as in an outage.
 */
final class FaultyFeed extends ForwardingChangeFeed {

    private static final Duration RETRY_AFTER = Duration.ofMillis(10);

    private final AtomicInteger refused = new AtomicInteger();
    private volatile Horizon throttledBefore = Horizon.of(Map.of());
    private volatile boolean failing;

    FaultyFeed(ChangeFeed feed) {
        super(feed);
    }

    /** Reads from positions before {@code horizon}'s, shard by shard, are throttled from now on. */
    void throttleReadsBefore(Horizon horizon) {
        throttledBefore = horizon;
    }

    void stopThrottling() {
        throttledBefore = Horizon.of(Map.of());
    }

    /** Every read (and warm-up) throws {@link SourceUnavailableException} from now on, or no longer. */
    void failReads(boolean fail) {
        failing = fail;
    }

    /** Reads answered "throttled" or failed so far. */
    int refused() {
        return refused.get();
    }

    @Override
    public void warmUp() {
        if (failing) {
            refused.incrementAndGet();
            throw new SourceUnavailableException("warming up failed", new IllegalStateException("outage"));
        }
        super.warmUp();
    }

    @Override
    public ShardReadResult read(String shardId, Position from, int maxRecords) {
        if (failing) {
            refused.incrementAndGet();
            throw new SourceUnavailableException("reading " + shardId + " failed", new IllegalStateException("outage"));
        }
        Horizon backlogEnd = throttledBefore;
        if (backlogEnd.contains(shardId)
                && PositionOrder.compare(from, backlogEnd.positionOf(shardId)).orElse(0) < 0) {
            refused.incrementAndGet();
            return new ShardReadResult.Throttled(RETRY_AFTER);
        }
        return super.read(shardId, from, maxRecords);
    }
}
