package org.accountstream.application;

import java.util.concurrent.atomic.AtomicLong;
import org.accountstream.domain.Position;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.ShardReadResult;

/** A feed that counts the reads made of it: the upstream calls DESIGN §8 says must not grow. */
final class CountingChangeFeed extends ForwardingChangeFeed {

    private final AtomicLong reads = new AtomicLong();

    CountingChangeFeed(ChangeFeed feed) {
        super(feed);
    }

    long reads() {
        return reads.get();
    }

    @Override
    public ShardReadResult read(String shardId, Position from, int maxRecords) {
        reads.incrementAndGet();
        return super.read(shardId, from, maxRecords);
    }
}
