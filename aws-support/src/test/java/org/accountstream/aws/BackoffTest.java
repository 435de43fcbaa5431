package org.accountstream.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(10), Duration.ofMillis(100), 4);

    @Test
    void delaysAreJitteredBelowADoublingCeilingThatStopsAtTheMaximum() {
        for (int i = 0; i < 500; i++) {
            assertThat(backoff.delayBefore(1)).isBetween(Duration.ZERO, Duration.ofMillis(10));
            assertThat(backoff.delayBefore(3)).isBetween(Duration.ZERO, Duration.ofMillis(40));
            assertThat(backoff.delayBefore(60)).isBetween(Duration.ZERO, Duration.ofMillis(100));
        }
        assertThat(maxOf(2000, 60)).as("the ceiling is reached").isGreaterThan(Duration.ofMillis(50));
        assertThat(maxOf(2000, 3)).as("jitter spreads the delays").isNotEqualTo(maxOf(1, 3));
    }

    @Test
    void retriesAreBounded() {
        assertThat(backoff.allowsRetry(4)).isTrue();
        assertThat(backoff.allowsRetry(5)).isFalse();
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private Duration maxOf(int samples, int retry) {
        Duration max = Duration.ZERO;
        for (int i = 0; i < samples; i++) {
            Duration delay = backoff.delayBefore(retry);
            max = delay.compareTo(max) > 0 ? delay : max;
        }
        return max;
    }
}
