package org.accountstream.adapters.kinesis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.accountstream.domain.Horizon;
import org.accountstream.ports.contract.KinesisMock;
import org.accountstream.ports.out.SourceUnavailableException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Kinesis gone (the mock killed): every call the service makes fails as the driven side's
 * "unavailable", which the service turns into UNAVAILABLE for its streams once the outage lasts.
 */
class KinesisOutageTest {

    @Test
    void callsToAKinesisThatIsGoneFailAsUnavailable() throws Exception {
        KinesisMock mock = KinesisMock.startForTests(Map.of());
        try (KinesisClient kinesis = KinesisTestStream.client(mock.endpoint())) {
            KinesisTestStream stream = KinesisTestStream.create(kinesis, 1);
            KinesisChangeFeed feed = KinesisChangeFeed.forStream(kinesis, stream.name(),
                    KinesisChangeFeed.Settings.defaults());
            Horizon head = feed.captureHead();
            String shard = head.shardIds().iterator().next();

            mock.close();

            assertThatThrownBy(feed::listShards).isInstanceOf(SourceUnavailableException.class);
            assertThatThrownBy(() -> feed.read(shard, head.positionOf(shard), 10))
                    .isInstanceOf(SourceUnavailableException.class).hasMessageContaining(shard);
            assertThatThrownBy(() -> KinesisChangeFeed.forStream(kinesis, stream.name(),
                    KinesisChangeFeed.Settings.defaults())).isInstanceOf(SourceUnavailableException.class);
        } finally {
            mock.close();
        }
    }

    @Test
    void aStreamThatDoesNotExistIsNamed() throws Exception {
        try (KinesisMock mock = KinesisMock.startForTests(Map.of());
             KinesisClient kinesis = KinesisTestStream.client(mock.endpoint())) {
            assertThatThrownBy(() -> KinesisChangeFeed.forStream(kinesis, "no-such-stream",
                    KinesisChangeFeed.Settings.defaults()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("no-such-stream");
        }
    }
}
