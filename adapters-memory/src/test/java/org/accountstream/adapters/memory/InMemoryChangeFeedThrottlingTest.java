package org.accountstream.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.accountstream.domain.Position;
import org.accountstream.ports.out.ShardReadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class InMemoryChangeFeedThrottlingTest {

    private static final int LIMIT = 5;

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
    void readIsAllowedAgainAfterTheAdvisedPause() throws InterruptedException {
        InMemoryChangeFeed feed = feed(LIMIT);
        String shard = feed.openShardIds().getFirst();
        ShardReadResult result = null;
        for (int i = 0; i <= LIMIT; i++) {
            result = read(feed, shard);
        }
        assertThat(result).isInstanceOf(ShardReadResult.Throttled.class);

        Thread.sleep(((ShardReadResult.Throttled) result).retryAfter().plusMillis(5));

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

    private static InMemoryChangeFeed feed(int readsPerSecond) {
        return new InMemoryChangeFeed("throttle", 2, readsPerSecond, Duration.ofHours(24), Clock.systemUTC());
    }

    private static ShardReadResult read(InMemoryChangeFeed feed, String shard) {
        return feed.read(shard, Position.notStarted(), 10);
    }
}
