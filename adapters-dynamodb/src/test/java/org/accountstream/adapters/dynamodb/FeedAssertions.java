package org.accountstream.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.accountstream.domain.Shard;
import org.accountstream.domain.ShardLineage;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.ShardReadResult;

/** Checks the Streams tests make of a feed over DynamoDB Local, each returning what it checked. */
final class FeedAssertions {

    private FeedAssertions() {
    }

    /** The shard the feed lists as open; DynamoDB Local keeps exactly one per stream. */
    static Shard onlyOpenShard(ChangeFeed feed) {
        List<Shard> open = new ShardLineage(feed.listShards()).openShards();
        assertThat(open).hasSize(1);
        return open.getFirst();
    }

    /** The result as a batch, failing the test if it is not one. */
    static ShardReadResult.Batch batch(ShardReadResult result) {
        assertThat(result).isInstanceOf(ShardReadResult.Batch.class);
        return (ShardReadResult.Batch) result;
    }
}
