package org.accountstream.ports.contract;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Polls a condition until it holds or a deadline passes. Real services are eventually consistent
 * (a write reaches a DynamoDB stream or a Scan some time after it returns), so contract suites
 * wait for what they expect, for a bounded time, instead of assuming instant visibility.
 */
public final class Eventually {

    /** Long enough for DynamoDB Local or kinesis-mock; memory adapters answer at once. */
    public static final Duration PATIENCE = Duration.ofSeconds(10);

    private static final Duration POLL = Duration.ofMillis(10);

    private Eventually() {
    }

    /** Whether {@code condition} held within {@code timeout}; never waits longer. */
    public static boolean within(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(POLL);
        }
        return true;
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        if (!within(timeout, condition)) {
            throw new AssertionError("not within " + timeout + ": " + what);
        }
    }
}
