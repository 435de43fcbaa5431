package org.accountstream.ports.contract;

import java.time.Duration;
import org.accountstream.domain.Position;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.ShardReadResult;

/**
 * One read of one shard as a well-behaved client makes it: a {@link ShardReadResult.Throttled}
 * answer is allowed anywhere, so the read is retried after the pause the feed asked for (each
 * pause capped, the whole wait bounded by {@link Eventually#PATIENCE}).
 */
public final class FeedReads {

    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);

    private FeedReads() {
    }

    /** Never {@link ShardReadResult.Throttled}: a batch or trimmed. */
    public static ShardReadResult readPatiently(ChangeFeed feed, String shardId, Position from, int maxRecords)
            throws InterruptedException {
        long deadline = System.nanoTime() + Eventually.PATIENCE.toNanos();
        while (true) {
            ShardReadResult result = feed.read(shardId, from, maxRecords);
            if (!(result instanceof ShardReadResult.Throttled throttled)) {
                return result;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("shard " + shardId + " still throttled after " + Eventually.PATIENCE);
            }
            Duration pause = throttled.retryAfter();
            Thread.sleep(pause.isNegative() || pause.isZero() ? Duration.ofMillis(1)
                    : pause.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause);
        }
    }
}
