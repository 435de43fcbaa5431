package org.accountstream.application;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.accountstream.domain.Horizon;
import org.accountstream.domain.Position;
import org.accountstream.domain.Shard;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.ShardReadResult;

/** A feed that counts the reads made of it: the upstream calls DESIGN §8 says must not grow. */
final class CountingChangeFeed implements ChangeFeed {

    private final ChangeFeed feed;
    private final AtomicLong reads = new AtomicLong();

    CountingChangeFeed(ChangeFeed feed) {
        this.feed = feed;
    }

    long reads() {
        return reads.get();
    }

    @Override
    public String feedId() {
        return feed.feedId();
    }

    @Override
    public List<Shard> listShards() {
        return feed.listShards();
    }

    @Override
    public Horizon captureHead() {
        return feed.captureHead();
    }

    @Override
    public ShardReadResult read(String shardId, Position from, int maxRecords) {
        reads.incrementAndGet();
        return feed.read(shardId, from, maxRecords);
    }
}
