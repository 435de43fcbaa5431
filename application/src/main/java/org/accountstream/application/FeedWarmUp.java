package org.accountstream.application;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.accountstream.ports.out.ChangeFeed;

/**
 * Warms the change feed up as the service starts (e.g. DynamoDB Streams' head readers read every
 * open shard to its tip, so the first client does not pay for it), on a thread of its own, and
 * tries again while the feed cannot be read; the service is ready once it is done.
 */
final class FeedWarmUp {

    private static final Logger LOG = Logger.getLogger(FeedWarmUp.class.getName());
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);

    private final Thread thread;

    FeedWarmUp(ChangeFeed feed, Readiness readiness) {
        this.thread = Thread.ofVirtual().name("feed-warm-up").start(() -> run(feed, readiness));
    }

    void stop() {
        thread.interrupt();
    }

    private static void run(ChangeFeed feed, Readiness readiness) {
        long started = System.nanoTime();
        Duration pause = FIRST_RETRY;
        for (int attempt = 1; !Thread.currentThread().isInterrupted(); attempt++) {
            try {
                feed.warmUp();
                readiness.warmedUp();
                LOG.fine(() -> "change feed warmed up in " + (System.nanoTime() - started) / 1_000_000 + " ms");
                return;
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return; // stopping: the adapter surfaced the interrupt as its own exception
                }
                LOG.log(attempt == 1 ? Level.WARNING : Level.FINE,
                        "warming up the change feed failed; not ready, trying again in " + pause, e);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
            pause = pause.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : pause.multipliedBy(2);
        }
    }
}
