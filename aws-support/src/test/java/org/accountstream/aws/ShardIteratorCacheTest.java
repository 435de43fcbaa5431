package org.accountstream.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.accountstream.domain.Position;
import org.accountstream.domain.SequenceNumber;
import org.junit.jupiter.api.Test;

class ShardIteratorCacheTest {

    private static final Position AFTER_7 = Position.after(SequenceNumber.of(7));

    @Test
    void anIteratorIsTakenOnceAndOnlyForItsShardAndPosition() {
        ShardIteratorCache cache = new ShardIteratorCache(10, Duration.ofMinutes(10));
        cache.put("a", AFTER_7, "it-a-7", System.nanoTime());

        assertThat(cache.take("b", AFTER_7)).isNull();
        assertThat(cache.take("a", Position.after(SequenceNumber.of(8)))).isNull();
        assertThat(cache.take("a", AFTER_7)).isEqualTo("it-a-7");
        assertThat(cache.take("a", AFTER_7)).as("taken out").isNull();
    }

    @Test
    void iteratorsOlderThanTheMaximumAgeAreNotHandedOut() {
        ShardIteratorCache cache = new ShardIteratorCache(10, Duration.ofMinutes(10));
        cache.put("a", AFTER_7, "stale", System.nanoTime() - Duration.ofMinutes(11).toNanos());

        assertThat(cache.take("a", AFTER_7)).isNull();
    }

    @Test
    void leastRecentlyUsedEntriesGoBeyondTheCapacity() {
        ShardIteratorCache cache = new ShardIteratorCache(2, Duration.ofMinutes(10));
        cache.put("a", Position.notStarted(), "a", System.nanoTime());
        cache.put("b", Position.notStarted(), "b", System.nanoTime());
        cache.put("c", Position.notStarted(), "c", System.nanoTime());

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.take("a", Position.notStarted())).isNull();
        assertThat(cache.take("c", Position.notStarted())).isEqualTo("c");
    }
}
