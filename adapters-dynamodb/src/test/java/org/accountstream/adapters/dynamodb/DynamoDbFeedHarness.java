package org.accountstream.adapters.dynamodb;

import org.accountstream.domain.Account;
import org.accountstream.ports.contract.ChangeFeedHarness;
import org.accountstream.ports.out.ChangeFeed;

/**
 * A DynamoDB Local table and its stream for the feed contract: writes go through the table, so
 * their changes enter the stream as DynamoDB derives them. Resharding rolls every open shard
 * over (DynamoDB Local's {@code triggerShardRollovers}); DynamoDB never merges shards.
 */
final class DynamoDbFeedHarness implements ChangeFeedHarness {

    private final LocalDynamoDb table = LocalDynamoDb.withStream();
    private final DynamoDbStreamsChangeFeed feed = new DynamoDbStreamsChangeFeed(table.streams(), table.streamArn(),
            AccountAttributes.defaults(), DynamoDbStreamsChangeFeed.Settings.defaults());

    @Override
    public ChangeFeed feed() {
        return feed;
    }

    @Override
    public void write(Account before, Account after) {
        if (after == null) {
            table.delete(before.aci());
        } else {
            table.put(after);
        }
    }

    @Override
    public boolean canReshard() {
        return true;
    }

    @Override
    public void reshard() {
        table.rollOverShards();
    }

    @Override
    public void close() {
        table.close();
    }
}
