package org.accountstream.adapters.kinesis;

import java.time.Duration;
import org.accountstream.ports.contract.ChangeFeedContract;
import org.accountstream.ports.contract.ChangeFeedHarness;
import org.accountstream.ports.contract.KinesisMockExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The feed contract on kinesis-mock with enhanced fan-out. The mock pushes a new subscription's
 * first event about two seconds after it starts, longer than most of these tests take: reads wait
 * briefly here, so GetRecords stands in while subscriptions start and push takes over where a
 * test runs longer (the contract holds for the combination). {@link KinesisFanOutFeedTest} shows
 * what push serves, resharding included. The listing that ends shards the mock never says ended
 * is kept fresh.
 */
class KinesisFanOutFeedContractTest extends ChangeFeedContract {

    static final KinesisFanOutFeed.Settings SETTINGS = KinesisFanOutFeed.Settings.defaults()
            .withHeadWait(Duration.ofMillis(50))
            .withListingMaxAge(Duration.ofMillis(100));

    @RegisterExtension
    static final KinesisMockExtension KINESIS = new KinesisMockExtension();

    private static KinesisClient kinesis;
    private static KinesisAsyncClient asyncKinesis;

    @BeforeAll
    static void clients() {
        kinesis = KINESIS.closesAfterAll(KinesisTestStream.client(KINESIS.endpoint()));
        asyncKinesis = KINESIS.closesAfterAll(KinesisTestStream.asyncClient(KINESIS.endpoint()));
    }

    @Override
    protected ChangeFeedHarness newHarness() throws Exception {
        return new KinesisFeedHarness(kinesis, 2,
                polling -> KinesisFanOutFeed.register(asyncKinesis, polling, "contract-replica", SETTINGS));
    }
}
