package org.accountstream.adapters.kinesis;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.accountstream.domain.Shard;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.SourceUnavailableException;

/**
 * Which shards the feed's latest listing shows open, listed again once it is older than
 * {@code maxAge} (one listing at a time, whoever asks). Only open shards are worth a subscription:
 * a closed shard has no head to push, and a shard that is not listed is gone.
 */
final class ListedShards {

    private static final Logger LOG = Logger.getLogger(ListedShards.class.getName());

    private final ChangeFeed feed;
    private final long maxAgeNanos;
    private final ReentrantLock lock = new ReentrantLock(); // not synchronized: readers are virtual threads
    private Set<String> open; // guarded by lock; null until a listing succeeded
    private long listedAtNanos;

    ListedShards(ChangeFeed feed, Duration maxAge) {
        this.feed = feed;
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** Whether the shard is listed open; unknown (no listing could be made yet) counts as open. */
    boolean listedOpen(String shardId) {
        lock.lock();
        try {
            long now = System.nanoTime();
            if (open == null || now - listedAtNanos > maxAgeNanos) {
                listedAtNanos = now;
                refresh();
            }
            return open == null || open.contains(shardId);
        } finally {
            lock.unlock();
        }
    }

    private void refresh() {
        try {
            open = feed.listShards().stream().filter(shard -> !shard.isClosed()).map(Shard::id)
                    .collect(Collectors.toUnmodifiableSet());
        } catch (SourceUnavailableException e) {
            // Keep what was known: the subscriptions report an outage themselves.
            LOG.log(Level.FINE, "listing the shards of " + feed.feedId() + " failed", e);
        }
    }
}
