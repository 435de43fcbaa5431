package org.accountstream.adapters.dynamodb;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.accountstream.domain.Shard;

/**
 * The stream's shard list, shared for a short while. DynamoDB Streams allows about ten
 * DescribeStream calls a second per stream, and a listing takes one call per page, so streams
 * that resume or reach a shard's end together share one listing: a listing younger than
 * {@code ttl} is handed out as it is, and callers that arrive while one is being made wait for it
 * instead of making their own (one refresh at a time).
 *
 * <p><b>Invariant: after a reader saw a shard end, it is never handed a listing that began before
 * that.</b> A reader that finds a closed shard read to its end needs the shard's children to go
 * on (DESIGN §4), and DynamoDB creates the children before it closes the parent, so a listing
 * begun after the end was seen holds them; an older one may still show the shard open and
 * childless, and the reader would stall (or, closing the shard on it, lose its hash range).
 * {@link #shardEnded} therefore counts every end the current listing does not already account for
 * (by showing the shard closed with a child), and a listing serves a caller only if it began after
 * every end counted before the caller arrived. Each shard's end is counted once, so a shard that
 * stays childless (a disabled stream's last shards) costs one extra listing, not one per reader.
 */
final class ShardListCache {

    private record Listing(List<Shard> shards, long startedNanos, long endsCounted, Set<String> ids,
                           Set<String> closedWithChildren) {

        static Listing of(List<Shard> shards, long startedNanos, long endsCounted) {
            Set<String> closed = shards.stream().filter(Shard::isClosed).map(Shard::id).collect(Collectors.toSet());
            Set<String> closedWithChildren = shards.stream().flatMap(shard -> shard.parentIds().stream())
                    .filter(closed::contains).collect(Collectors.toSet());
            return new Listing(List.copyOf(shards), startedNanos, endsCounted,
                    shards.stream().map(Shard::id).collect(Collectors.toSet()), closedWithChildren);
        }
    }

    private record Refresh(CompletableFuture<Listing> result, long endsCounted) {
    }

    private final Supplier<List<Shard>> describe;
    private final long ttlNanos;
    private final String streamArn;
    private final ReentrantLock lock = new ReentrantLock(); // not synchronized: virtual threads wait here

    // Guarded by lock.
    private Listing current; // null before the first listing
    private Refresh refreshing; // null when no refresh runs
    private long endsCounted;
    private final Map<String, Long> endCountOf = new HashMap<>(); // ended shard -> endsCounted when seen

    /**
     * @param describe lists every shard of the stream (all DescribeStream pages)
     * @param ttl      how long a listing is handed out; zero lists on every call (concurrent callers
     *                 still share one listing)
     */
    ShardListCache(Supplier<List<Shard>> describe, Duration ttl, String streamArn) {
        this.describe = describe;
        this.ttlNanos = ttl.toNanos();
        this.streamArn = streamArn;
    }

    /**
     * Every shard of the stream, from a listing younger than the TTL that began after every shard
     * end seen so far.
     *
     * @throws CancellationException when interrupted while waiting (the interrupt flag is set again)
     */
    List<Shard> shards() {
        long needed; // the ends seen before this call: the caller may be one of their readers
        lock.lock();
        try {
            needed = endsCounted;
        } finally {
            lock.unlock();
        }
        while (true) {
            Refresh refresh;
            boolean mine = false;
            lock.lock();
            try {
                if (current != null && current.endsCounted() >= needed
                        && System.nanoTime() - current.startedNanos() < ttlNanos) {
                    return current.shards();
                }
                if (refreshing == null) {
                    refreshing = new Refresh(new CompletableFuture<>(), endsCounted);
                    mine = true;
                }
                refresh = refreshing;
            } finally {
                lock.unlock();
            }
            Listing listing = mine ? run(refresh) : await(refresh);
            if (listing != null && listing.endsCounted() >= needed) {
                return listing.shards();
            }
            // That refresh began before an end this caller may depend on, or its caller gave up.
        }
    }

    /** A reader read {@code shardId} to its end: the next listing must begin after now. */
    void shardEnded(String shardId) {
        lock.lock();
        try {
            boolean accountedFor = current != null && current.closedWithChildren().contains(shardId);
            if (!accountedFor && !endCountOf.containsKey(shardId)) {
                endCountOf.put(shardId, ++endsCounted);
            }
        } finally {
            lock.unlock();
        }
    }

    private Listing run(Refresh refresh) {
        long started = System.nanoTime();
        try {
            Listing listing = Listing.of(describe.get(), started, refresh.endsCounted());
            lock.lock();
            try {
                current = listing;
                refreshing = null;
                // Ends this listing accounts for, or whose shard retention removed, are settled.
                endCountOf.entrySet().removeIf(end -> end.getValue() <= listing.endsCounted()
                        && (listing.closedWithChildren().contains(end.getKey())
                                || !listing.ids().contains(end.getKey())));
            } finally {
                lock.unlock();
            }
            refresh.result().complete(listing);
            return listing;
        } catch (RuntimeException | Error e) {
            lock.lock();
            try {
                refreshing = null;
            } finally {
                lock.unlock();
            }
            // Waiters share a failure of the service, but not this caller's interrupt: they try again.
            boolean abandoned = e instanceof CancellationException || Thread.currentThread().isInterrupted();
            if (abandoned) {
                refresh.result().complete(null);
            } else {
                refresh.result().completeExceptionally(e);
            }
            throw e;
        }
    }

    /** The listing of another caller's refresh; null when that caller gave up (interrupted). */
    private Listing await(Refresh refresh) {
        try {
            return refresh.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while listing shards of " + streamArn);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("listing the shards of " + streamArn + " failed", e.getCause());
        }
    }
}
