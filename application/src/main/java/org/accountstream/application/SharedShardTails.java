package org.accountstream.application;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.accountstream.domain.Position;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.StreamMetrics;

/**
 * The server's shared shard tails, one per shard somebody reads, made on first use at the
 * position of the stream that needed it and dropped when nobody has read it for a while; and
 * since when each shard has been unreadable, by tails and streams alike ({@link UnreadableShards}).
 */
final class SharedShardTails implements AutoCloseable {

    private final ChangeFeed feed;
    private final ServiceSettings settings;
    private final StreamMetrics metrics;
    private final Ticker ticker;
    private final UnreadableShards unreadable;
    private final Map<String, ShardTail> tails = new ConcurrentHashMap<>();

    SharedShardTails(ChangeFeed feed, ServiceSettings settings, StreamMetrics metrics, Ticker ticker) {
        this.feed = feed;
        this.settings = settings;
        this.metrics = metrics;
        this.ticker = ticker;
        this.unreadable = new UnreadableShards(ticker);
    }

    /** See {@link ShardTail#readFrom}; {@code headNotBeforeNanos} is a {@link Ticker} reading. */
    TailRead read(String shardId, Position from, long headNotBeforeNanos, Runnable wakeUp) {
        while (true) {
            ShardTail tail = tails.computeIfAbsent(shardId, id -> startTail(id, from));
            TailRead read = tail.readFrom(from, settings.readBatchSize(), headNotBeforeNanos, wakeUp);
            if (read != null) {
                return read;
            }
            tails.remove(shardId, tail);
        }
    }

    /** The earliest timestamp position the shard's tail covers, if it has a tail that covers one. */
    Optional<Instant> coveredSince(String shardId) {
        ShardTail tail = tails.get(shardId);
        return tail == null ? Optional.empty() : tail.coveredSince();
    }

    /** Where streams reading a shard on their own report how that went. */
    UnreadableShards unreadable() {
        return unreadable;
    }

    /** Stops waking {@code wakeUp}; a stream calls this when it ends. */
    void forget(Runnable wakeUp) {
        tails.values().forEach(tail -> tail.forget(wakeUp));
    }

    int activeTails() {
        return tails.size();
    }

    @Override
    public void close() {
        tails.values().forEach(ShardTail::stop);
        tails.clear();
    }

    private ShardTail startTail(String shardId, Position from) {
        ShardTail tail = new ShardTail(shardId, from, feed, settings, metrics, ticker, unreadable,
                stopped -> tails.remove(shardId, stopped));
        tail.start();
        return tail;
    }
}
