package org.accountstream.aws;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: before retry {@code n} (from 1) wait a random time in
 * {@code [0, min(max, initial * 2^(n-1))]}; give up after {@code maxRetries}. Jitter spreads the
 * retries of many readers throttled at once, so they do not return in lockstep.
 */
public record Backoff(Duration initial, Duration max, int maxRetries) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || maxRetries < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max and maxRetries >= 0");
        }
    }

    /** 50 ms doubling up to 5 s, ten retries: about half a minute of patience in all. */
    public static Backoff defaults() {
        return new Backoff(Duration.ofMillis(50), Duration.ofSeconds(5), 10);
    }

    public boolean allowsRetry(int retry) {
        return retry <= maxRetries;
    }

    /** The pause before retry number {@code retry} (1 for the first). */
    public Duration delayBefore(int retry) {
        long cap = max.toNanos();
        long ceiling = initial.toNanos();
        for (int i = 1; i < retry && ceiling < cap; i++) {
            ceiling = ceiling > cap / 2 ? cap : ceiling * 2;
        }
        return Duration.ofNanos(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    /** Sleeps before retry number {@code retry}. */
    public void pauseBefore(int retry) throws InterruptedException {
        Thread.sleep(delayBefore(retry));
    }
}
