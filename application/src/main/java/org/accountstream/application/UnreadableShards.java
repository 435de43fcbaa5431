package org.accountstream.application;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Since when each shard has been unreadable (throttled or failing), by whoever read it: a shared
 * tail or a stream reading on its own. One clock per shard and one limit, so every stream
 * reading a shard that stays unreadable ends the same way, whichever path it reads through.
 */
final class UnreadableShards {

    private final Ticker ticker;
    private final Map<String, Long> sinceNanos = new ConcurrentHashMap<>();

    UnreadableShards(Ticker ticker) {
        this.ticker = ticker;
    }

    /** Answers whether this begins an outage (the shard was readable until now). */
    boolean readFailed(String shardId) {
        return sinceNanos.putIfAbsent(shardId, ticker.nanos()) == null;
    }

    void readSucceeded(String shardId) {
        sinceNanos.remove(shardId);
    }

    /** Whether {@code shardId} has been unreadable for longer than {@code limitNanos}. */
    boolean unreadableLongerThan(String shardId, long limitNanos) {
        Long since = sinceNanos.get(shardId);
        return since != null && ticker.nanos() - since > limitNanos;
    }
}
