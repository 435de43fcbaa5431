package org.accountstream.adapters.sse;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.accountstream.ports.in.ServiceReadiness;

/**
 * Lets a request that arrives while the service is not ready wait for it, a bounded while.
 *
 * <p>{@code EventSource} gives up for good on any answer but 200. A restarted replica listens a
 * moment (up to seconds: its change feed's warm-up) before it is ready, and a browser reconnecting
 * then would get a 503 and stop; held here instead, it is served as soon as the service is ready.
 * A service that stays unready past the bound gets its 503 after all. Once the HTTP server
 * stops, waiting requests are let go at once.
 */
final class ReadinessWait {

    /** How a wait ended. */
    enum Outcome { READY, TIMED_OUT, STOPPED }

    private boolean ready; // guarded by this
    private boolean stopped; // guarded by this
    private int waiting; // guarded by this

    ReadinessWait(ServiceReadiness readiness) {
        readiness.onReadinessChange(this::changed);
    }

    synchronized Outcome await(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        waiting++;
        try {
            for (long left = bound.toNanos(); !ready && !stopped && left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return stopped ? Outcome.STOPPED : ready ? Outcome.READY : Outcome.TIMED_OUT;
        } finally {
            waiting--;
        }
    }

    /** Requests waiting now. */
    synchronized int waiting() {
        return waiting;
    }

    synchronized void stopped() {
        stopped = true;
        notifyAll();
    }

    private synchronized void changed(boolean nowReady) {
        ready = nowReady;
        notifyAll();
    }
}
