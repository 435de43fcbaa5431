package org.accountstream.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.accountstream.demo.DemoWriter;
import org.accountstream.adapters.memory.InMemoryChangeFeed;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Frame;
import org.accountstream.ports.contract.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Streams at the head share one reader per shard (DESIGN §8): upstream reads do not grow with
 * the number of consumers (every read at the head is a shared tail's, one tail per shard), and
 * nobody waits for a slow consumer.
 */
@Timeout(60)
class AccountStreamServiceSharedTailsTest {

    private static final int SHARDS = 4;

    /**
     * Kinesis start horizons are timestamps (DESIGN §6); the shared tails serve them as they serve
     * sequence positions, so a hundred fresh streams read the feed no more than one does.
     */
    @ParameterizedTest
    @EnumSource(InMemoryChangeFeed.Heads.class)
    void streamsAtTheHeadLeaveEveryFeedReadToTheSharedTails(InMemoryChangeFeed.Heads heads)
            throws InterruptedException {
        for (int streams : new int[] {1, 100}) {
            try (ServiceFixture fixture = new ServiceFixture(ServiceFixture.Setup.shards(SHARDS).heads(heads))) {
                DemoWriter writer = DemoWriter.of(fixture.table, 31);
                writer.seed(200);
                fixture.clock.advance(Duration.ofSeconds(1)); // start horizons come after the seed's arrival
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

    /**
     * Fresh streams reach the shard tails in the order their snapshots end, not the order they
     * captured their start horizons: a stream whose timestamp precedes the one its tail started
     * at reads the feed itself once, finds nothing in between, and is served by the tail after.
     */
    @Test
    void aStreamWhoseTimestampPrecedesItsTailsReadsOnceAndThenShares() throws InterruptedException {
        try (ServiceFixture fixture = new ServiceFixture(ServiceFixture.Setup.shards(SHARDS)
                .heads(InMemoryChangeFeed.Heads.AT_CAPTURE_TIME))) {
            DemoWriter writer = DemoWriter.of(fixture.table, 31);
            writer.seed(200);
            fixture.clock.advance(Duration.ofSeconds(1));
            StreamConsumer later = fixture.stream(); // its tails start at its timestamp
            later.awaitDatasetCurrent();
            fixture.clock.advance(Duration.ofMillis(-500)); // as if captured before, by a longer snapshot
            StreamConsumer earlier = fixture.stream();
            earlier.awaitDatasetCurrent();
            long ownReadsAtHead = fixture.metrics.ownFeedReads();
            fixture.clock.advance(Duration.ofSeconds(1));

            for (int i = 0; i < 300; i++) {
                writer.writeOnce();
            }
            later.awaitView(fixture::tableView);
            earlier.awaitView(fixture::tableView);

            assertThat(fixture.metrics.ownFeedReads() - ownReadsAtHead)
                    .as("feed reads by the streams themselves once at the head").isZero();
        }
    }

    /**
     * A client resuming an old token after a restart is the first to read a shard, so the shared
     * tail starts far back; the backlog cannot be read for now (its reads are throttled). A fresh
     * stream opened meanwhile must not wait for that backlog: it reaches dataset_current while
     * the old-token stream has not yet replayed its own.
     */
    @Test
    void aFreshStreamDoesNotWaitForAnOldTokenStreamsBacklog() throws InterruptedException {
        FaultyFeed[] faulty = new FaultyFeed[1];
        try (ServiceFixture fixture = new ServiceFixture(ServiceFixture.Setup.shards(1)
                .feeds(feed -> faulty[0] = new FaultyFeed(feed)))) {
            fixture.seed(100);
            StreamConsumer first = fixture.streamAtTheHead();
            byte[] oldToken = first.lastToken();
            DemoWriter writer = DemoWriter.of(fixture.table, 5);
            for (int i = 0; i < 30_000; i++) {
                writer.writeOnce(); // the backlog: every kind of write, e164 moves included
            }
            faulty[0].throttleReadsBefore(fixture.feed.captureHead());
            fixture.restartService();

            StreamConsumer old = fixture.stream(AciRange.ALL, oldToken);
            Eventually.await("the old-token stream's tail tried the backlog", Eventually.PATIENCE,
                    () -> fixture.service().activeSharedTails() == 1 && faulty[0].refused() > 0);
            StreamConsumer fresh = fixture.stream();
            fresh.awaitDatasetCurrent();

            assertThat(old.count(Frame::datasetCurrent)).as("the old-token stream is still behind").isZero();
            faulty[0].stopThrottling();
            old.awaitDatasetCurrent();
            Eventually.await("the old-token stream's copy is the table", Eventually.PATIENCE, () ->
                    ServiceFixture.replicaOf(first.frames(), old.frames()).byE164().equals(fixture.tableView()));
            fresh.awaitView(fixture::tableView);
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
