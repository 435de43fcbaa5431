package org.accountstream.adapters.dynamodb;

import org.accountstream.ports.contract.ChangeFeedContract;
import org.accountstream.ports.contract.ChangeFeedHarness;

class DynamoDbStreamsChangeFeedContractTest extends ChangeFeedContract {

    @Override
    protected ChangeFeedHarness newHarness() {
        return new DynamoDbFeedHarness();
    }

    /** Well-formed for DynamoDB Streams, never handed out. */
    @Override
    protected String unknownShardId() {
        return "shardId-00000000000000000000-00000000";
    }
}
