package org.accountstream.application;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.accountstream.ports.in.ServerStoppingException;
import org.accountstream.ports.in.TooManyStreamsException;
import org.accountstream.ports.out.StreamMetrics;

/**
 * The streams the service runs, one per thread that called it: admitted up to the stream limit
 * and refused beyond it or once the server stops, and ended by the service itself when it stops
 * (every transport alike).
 *
 * <p>Stopping interrupts every stream's thread. A stream waiting for news or for its scan ends
 * at once; one sending a page ends once the page is handed over; one blocked because its client
 * reads nothing ends too (the sink answers the interrupt), and its transport, which cannot
 * deliver a status behind unsent data, resets it.
 */
final class OpenStreams {

    private final int maxStreams;
    private final StreamMetrics metrics;
    private final Set<Thread> threads = new HashSet<>(); // guarded by this
    private boolean stopping; // guarded by this

    OpenStreams(int maxStreams, StreamMetrics metrics) {
        this.maxStreams = maxStreams;
        this.metrics = metrics;
    }

    /** Admits the calling thread's stream, or refuses it. */
    synchronized void admit() {
        if (stopping) {
            metrics.streamRefused("stopping");
            throw new ServerStoppingException();
        }
        if (threads.size() >= maxStreams) {
            metrics.streamRefused("max-streams");
            throw new TooManyStreamsException(maxStreams);
        }
        threads.add(Thread.currentThread());
    }

    /** The calling thread's stream has ended. */
    synchronized void leave() {
        threads.remove(Thread.currentThread());
        notifyAll();
    }

    synchronized boolean stopping() {
        return stopping;
    }

    synchronized int count() {
        return threads.size();
    }

    /**
     * Refuses new streams, ends the open ones and waits up to {@code grace} for them to end;
     * answers whether they all did.
     */
    boolean stop(Duration grace) throws InterruptedException {
        List<Thread> open;
        synchronized (this) {
            stopping = true;
            open = List.copyOf(threads);
        }
        open.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (this) {
            for (long left = grace.toNanos(); !threads.isEmpty() && left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return threads.isEmpty();
        }
    }
}
