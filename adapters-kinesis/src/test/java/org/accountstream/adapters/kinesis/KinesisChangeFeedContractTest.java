package org.accountstream.adapters.kinesis;

import java.util.Map;
import org.accountstream.ports.contract.ChangeFeedContract;
import org.accountstream.ports.contract.ChangeFeedHarness;
import org.accountstream.ports.contract.KinesisMock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** The feed contract on kinesis-mock, polling with GetRecords; a stream of two shards per test. */
class KinesisChangeFeedContractTest extends ChangeFeedContract {

    private static KinesisMock mock;
    private static KinesisClient kinesis;

    @BeforeAll
    static void startKinesis() throws Exception {
        mock = KinesisMock.startForTests(Map.of());
        kinesis = KinesisTestStream.client(mock.endpoint());
    }

    @AfterAll
    static void stopKinesis() {
        if (kinesis != null) {
            kinesis.close();
        }
        if (mock != null) {
            mock.close();
        }
    }

    @Override
    protected ChangeFeedHarness newHarness() throws Exception {
        return new KinesisFeedHarness(kinesis, 2);
    }
}
