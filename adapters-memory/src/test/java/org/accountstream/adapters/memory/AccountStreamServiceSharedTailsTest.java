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
 * the number of consumers, and nobody waits for a slow consumer.
 */
@Timeout(60)
class AccountStreamServiceSharedTailsTest {

    private static final int SHARDS = 4;
    private static final Duration MEASURED = Duration.ofSeconds(1);

    @Test
    void feedReadsDoNotGrowWithTheNumberOfStreams() throws InterruptedException {
        long oneStream = feedReadsWhileTailing(1);
        long twentyStreams = feedReadsWhileTailing(20);

        assertThat(oneStream).as("the shared tails kept reading").isPositive();
        assertThat(twentyStreams).as("feed reads in %s with 20 streams, with one stream %s", MEASURED, oneStream)
                .isLessThanOrEqualTo(Math.round(oneStream * 1.5));
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

            assertThat(Eventually.within(Duration.ofSeconds(2), () -> fast.records().contains(change)))
                    .as("the fast consumer got the change while the slow one was stalled").isTrue();
            assertThat(gate.holdsAFrame()).isTrue();
            gate.open();
            slow.awaitView(fixture::tableView);
        }
    }

    private static long feedReadsWhileTailing(int streams) throws InterruptedException {
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
            writer.start(100, Duration.ofSeconds(20));
            Thread.sleep(200);

            long before = fixture.countingFeed.reads();
            Thread.sleep(MEASURED);
            long reads = fixture.countingFeed.reads() - before;

            writer.stop();
            for (StreamConsumer consumer : consumers) {
                consumer.awaitView(fixture::tableView);
            }
            return reads;
        }
    }
}
