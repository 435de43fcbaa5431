package org.accountstream.adapters.kinesis;

import org.accountstream.ports.contract.ChangeFeedContract;
import org.accountstream.ports.contract.ChangeFeedHarness;
import org.accountstream.ports.contract.KinesisMockExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** The feed contract on kinesis-mock, polling with GetRecords; a stream of two shards per test. */
class KinesisChangeFeedContractTest extends ChangeFeedContract {

    @RegisterExtension
    static final KinesisMockExtension KINESIS = new KinesisMockExtension();

    private static KinesisClient kinesis;

    @BeforeAll
    static void clients() {
        kinesis = KINESIS.closesAfterAll(KinesisTestStream.client(KINESIS.endpoint()));
    }

    @Override
    protected ChangeFeedHarness newHarness() throws Exception {
        return new KinesisFeedHarness(kinesis, 2);
    }
}
