package org.accountstream.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.AciRange;
import org.accountstream.ports.contract.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Streams at the head share one reader per shard (DESIGN §8): upstream reads do not grow with
 * the number of consumers (every read at the head is a shared tail's, one tail per shard), and
 * nobody waits for a slow consumer.
 */
@Timeout(60)
class AccountStreamServiceSharedTailsTest {

    private static final int SHARDS = 4;

    @Test
    void streamsAtTheHeadLeaveEveryFeedReadToTheSharedTails() throws InterruptedException {
        for (int streams : new int[] {1, 20}) {
            try (ServiceFixture fixture = new ServiceFixture(SHARDS)) {
                DemoWriter writer = new DemoWriter(fixture.table, 31);
                writer.seed(200);
                List<StreamConsumer> consumers = new ArrayList<>();
                for (int i = 0; i < streams; i++) {
                    consumers.add(fixture.stream());
                }
                for (StreamConsumer consumer : consumers) {
                    consumer.awaitDatasetCurrent();
                }
                long ownReadsAtHead = fixture.metrics.ownFeedReads();

                for (int i = 0; i < 300; i++) {
                    writer.writeOnce();
                }
                for (StreamConsumer consumer : consumers) {
                    consumer.awaitView(fixture::tableView);
                }

                assertThat(fixture.metrics.ownFeedReads() - ownReadsAtHead)
                        .as("feed reads by %s streams themselves while at the head", streams).isZero();
                assertThat(fixture.metrics.sharedFeedReads()).as("reads by the shared tails").isPositive();
                assertThat(fixture.service().activeSharedTails()).as("one reader per shard, however many streams")
                        .isEqualTo(SHARDS);
            }
        }
    }

    @Test
    void thereIsOneSharedTailPerOpenShard() throws InterruptedException {
        try (ServiceFixture fixture = new ServiceFixture(SHARDS)) {
            fixture.seed(100);
            for (int i = 0; i < 20; i++) {
                fixture.stream().awaitDatasetCurrent();
            }

            assertThat(fixture.service().activeSharedTails()).isEqualTo(fixture.feed.openShardIds().size());
        }
    }

    @Test
    void slowConsumerDoesNotDelayAFastOne() throws InterruptedException {
        try (ServiceFixture fixture = new ServiceFixture(1)) {
            fixture.seed(50);
            Gate gate = new Gate();
            StreamConsumer slow = fixture.stream(AciRange.ALL, new byte[0], gate);
            StreamConsumer fast = fixture.stream();
            slow.awaitDatasetCurrent();
            fast.awaitDatasetCurrent();
            gate.close();
            fixture.insert();
            Eventually.await("the slow consumer stalls", Eventually.PATIENCE, gate::holdsAFrame);

            var change = new AccountChange.Upsert(fixture.insert());

            fast.awaitRecord(change);
            assertThat(gate.holdsAFrame()).as("the slow consumer is still stalled").isTrue();
            gate.open();
            slow.awaitView(fixture::tableView);
        }
    }
}
