package org.accountstream.application;

import java.util.List;
import org.accountstream.domain.Horizon;
import org.accountstream.domain.Position;
import org.accountstream.domain.Shard;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.ShardReadResult;

/** A feed that passes every call on to another; a test feed overrides the calls it watches or changes. */
abstract class ForwardingChangeFeed implements ChangeFeed {

    private final ChangeFeed feed;

    ForwardingChangeFeed(ChangeFeed feed) {
        this.feed = feed;
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
    public void warmUp() {
        feed.warmUp();
    }

    @Override
    public ShardReadResult read(String shardId, Position from, int maxRecords) {
        return feed.read(shardId, from, maxRecords);
    }

    @Override
    public boolean waitsForNews() {
        return feed.waitsForNews();
    }
}
