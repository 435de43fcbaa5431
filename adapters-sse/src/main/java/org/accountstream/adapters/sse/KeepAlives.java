package org.accountstream.adapters.sse;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One timer for every open stream's keep-alive. Each tick writes on a virtual thread of its own:
 * a write to a client that stopped reading blocks, and must not hold up the other streams' ticks.
 * A write that fails means the client is gone: the stream is told, and ends as when a client leaves.
 */
final class KeepAlives implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("sse-keep-alive").daemon().factory());
    private final Duration interval;

    KeepAlives(Duration interval) {
        this.interval = interval;
    }

    /** Keeps {@code stream} alive until the returned handle is cancelled; runs {@code gone} if the client is. */
    ScheduledFuture<?> keep(EventStream stream, Runnable gone) {
        return timer.scheduleAtFixedRate(() -> Thread.ofVirtual().name("sse-keep-alive-write").start(() -> {
            try {
                stream.keepAlive();
            } catch (UncheckedIOException e) {
                gone.run();
            }
        }), interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
