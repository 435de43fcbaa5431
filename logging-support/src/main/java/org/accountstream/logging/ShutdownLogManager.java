package org.accountstream.logging;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogManager;

/**
 * A process's java.util.logging manager (the service's and the filter Lambda's runner's
 * {@code Main} install it before anything logs), so that the process's stop can log. When the JVM shuts down (SIGTERM, Ctrl-C), the JDK resets
 * logging from a shutdown hook of its own, closing the console handler and the loggers' levels,
 * while the application's hook is still stopping: its lines were lost, or lost at random (JDK
 * bug 8161253). Here a reset during shutdown first waits for the stop registered with
 * {@link #runAtShutdown}.
 */
public final class ShutdownLogManager extends LogManager {

    private static final long STOP_LIMIT_SECONDS = 30;

    private static volatile CountDownLatch stopped; // null until there is a stop to wait for

    /** Runs {@code stop} on a shutdown hook; logging keeps working until it returns (30 s at most). */
    public static void runAtShutdown(Runnable stop) {
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop.run();
            } finally {
                done.countDown();
            }
        }, "stop"));
        stopped = done;
    }

    @Override
    public void reset() {
        CountDownLatch done = stopped;
        if (done != null && shuttingDown()) {
            try {
                done.await(STOP_LIMIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        super.reset();
    }

    /** Whether the JVM is shutting down: it then refuses new shutdown hooks. */
    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
