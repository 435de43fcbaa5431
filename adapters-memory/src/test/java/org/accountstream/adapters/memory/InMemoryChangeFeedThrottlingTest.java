package org.accountstream.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.accountstream.domain.Position;
import org.accountstream.ports.contract.MutableClock;
import org.accountstream.ports.out.ShardReadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Kinesis' per-shard read limit, on the feed's clock: a test moves time instead of waiting. */
@Timeout(30)
class InMemoryChangeFeedThrottlingTest {

    private static final int LIMIT = 5;

    private final MutableClock clock = new MutableClock(Instant.parse("2024-06-01T00:00:00Z"));

    @Test
    void readBeyondTheLimitWithinASecondIsThrottledForAtMostASecond() {
        InMemoryChangeFeed feed = feed(LIMIT);
        String shard = feed.openShardIds().getFirst();
        for (int i = 0; i < LIMIT; i++) {
            assertThat(read(feed, shard)).as("read %s", i + 1).isInstanceOf(ShardReadResult.Batch.class);
        }

        assertThat(read(feed, shard)).isInstanceOfSatisfying(ShardReadResult.Throttled.class, throttled ->
                assertThat(throttled.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void limitIsPerShard() {
        InMemoryChangeFeed feed = feed(LIMIT);
        String busy = feed.openShardIds().getFirst();
        String other = feed.openShardIds().getLast();
        for (int i = 0; i <= LIMIT; i++) {
            read(feed, busy);
        }

        assertThat(read(feed, other)).isInstanceOf(ShardReadResult.Batch.class);
    }

    @Test
    void readIsAllowedAgainAfterTheAdvisedPauseAndNotBefore() {
        InMemoryChangeFeed feed = feed(LIMIT);
        String shard = feed.openShardIds().getFirst();
        read(feed, shard);
        clock.advance(Duration.ofMillis(400)); // the first read leaves the window 600 ms from now
        ShardReadResult result = null;
        for (int i = 1; i <= LIMIT; i++) {
            result = read(feed, shard);
        }
        assertThat(result).isInstanceOfSatisfying(ShardReadResult.Throttled.class, throttled ->
                assertThat(throttled.retryAfter()).isEqualTo(Duration.ofMillis(600)));

        clock.advance(Duration.ofMillis(599));
        assertThat(read(feed, shard)).as("a millisecond early").isInstanceOf(ShardReadResult.Throttled.class);
        clock.advance(Duration.ofMillis(1));
        assertThat(read(feed, shard)).isInstanceOf(ShardReadResult.Batch.class);
    }

    @Test
    void zeroMeansUnlimited() {
        InMemoryChangeFeed feed = feed(0);
        String shard = feed.openShardIds().getFirst();

        for (int i = 0; i < 200; i++) {
            assertThat(read(feed, shard)).as("read %s", i + 1).isInstanceOf(ShardReadResult.Batch.class);
        }
    }

    private InMemoryChangeFeed feed(int readsPerSecond) {
        return new InMemoryChangeFeed("throttle", 2, readsPerSecond, Duration.ofHours(24), clock);
    }

    private static ShardReadResult read(InMemoryChangeFeed feed, String shard) {
        return feed.read(shard, Position.notStarted(), 10);
    }
}
