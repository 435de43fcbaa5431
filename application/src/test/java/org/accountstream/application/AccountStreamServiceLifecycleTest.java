package org.accountstream.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Frame;
import org.accountstream.ports.contract.Eventually;
import org.accountstream.ports.in.ServerStoppingException;
import org.accountstream.ports.in.TooManyStreamsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The service owns every stream's lifecycle, whatever transport carries it: it admits streams up
 * to a limit, queues snapshots beyond theirs, ends every stream when it stops, and says when it
 * is ready.
 */
@Timeout(60)
class AccountStreamServiceLifecycleTest {

    /** Long enough that a stop that waited for it would time the test out. */
    private static final Duration NEVER = Duration.ofHours(1);

    @Test
    void streamsBeyondTheLimitAreRefusedAndCounted() throws InterruptedException {
        try (ServiceFixture fixture = fixture(new ServiceSettings.Limits(2, 64))) {
            fixture.seed(10);
            StreamConsumer first = fixture.streamAtTheHead();
            fixture.streamAtTheHead();

            assertThat(fixture.stream().awaitEnd()).isInstanceOf(TooManyStreamsException.class)
                    .hasMessageContaining("2").hasMessageContaining("max-streams");
            assertThat(fixture.metrics.refused()).containsExactly("max-streams");

            first.stop();
            Eventually.await("the first stream's place is free", Eventually.PATIENCE,
                    () -> fixture.service().openStreams() == 1);
            fixture.stream().awaitDatasetCurrent();
        }
    }

    @Test
    void snapshotsBeyondTheLimitWaitTheirTurnBeforeTheirClearAll() throws InterruptedException {
        HeldSnapshotSource[] scans = new HeldSnapshotSource[1];
        try (ServiceFixture fixture = new ServiceFixture(ServiceFixture.Setup.shards(1)
                .settings(ServiceFixture.fastSettings().withLimits(new ServiceSettings.Limits(100, 1)))
                .scans(table -> scans[0] = new HeldSnapshotSource(table)))) {
            fixture.seed(100);
            scans[0].hold();
            StreamConsumer first = fixture.stream();
            Eventually.await("the first snapshot is scanning", Eventually.PATIENCE, () -> scans[0].held() > 0);

            StreamConsumer second = fixture.stream();
            Eventually.await("the second snapshot waits", Eventually.PATIENCE,
                    () -> fixture.service().snapshotsWaiting() == 1);
            assertThat(second.frames()).as("no clear_all before its turn").isEmpty();
            assertThat(fixture.service().openStreams()).as("it holds its stream's place").isEqualTo(2);

            scans[0].release();
            first.awaitDatasetCurrent();
            second.awaitDatasetCurrent();
            assertThat(second.frames().getFirst().clearAll()).isTrue();
        }
    }

    @Test
    void stoppingEndsEveryStreamAtOnceAndRefusesNewOnes() throws InterruptedException {
        try (ServiceFixture fixture = fixture(ServiceSettings.Limits.defaults())) {
            fixture.seed(10);
            StreamConsumer idle = fixture.streamAtTheHead();
            Gate stalledClient = new Gate();
            StreamConsumer stalled = fixture.stream(AciRange.ALL, new byte[0], stalledClient);
            stalled.awaitDatasetCurrent();
            stalledClient.close();
            fixture.insert();
            Eventually.await("a frame waits for the stalled client", Eventually.PATIENCE, stalledClient::holdsAFrame);
            Gate readingClient = new Gate();
            fixture.seed(3_000);
            readingClient.close();
            StreamConsumer midSnapshot = fixture.stream(AciRange.ALL, new byte[0], readingClient);
            Eventually.await("a snapshot page is on its way", Eventually.PATIENCE, readingClient::holdsAFrame);
            readingClient.open();

            assertThat(fixture.service().stop(NEVER)).as("every stream ended, without the grace").isTrue();

            assertThat(idle.awaitEnd()).isInstanceOf(ServerStoppingException.class);
            assertThat(stalled.awaitEnd()).isInstanceOf(ServerStoppingException.class);
            assertThat(midSnapshot.awaitEnd()).isInstanceOf(ServerStoppingException.class);
            assertThat(midSnapshot.count(Frame::datasetCurrent)).isZero();
            assertThat(fixture.stream().awaitEnd()).isInstanceOf(ServerStoppingException.class);
            assertThat(fixture.service().ready()).isFalse();
        }
    }

    @Test
    void theServiceIsReadyOnceTheFeedIsWarmedUpAndNotOnceItStops() throws InterruptedException {
        FaultyFeed[] faulty = new FaultyFeed[1];
        AtomicBoolean ready = new AtomicBoolean();
        try (ServiceFixture fixture = new ServiceFixture(ServiceFixture.Setup.shards(1).feeds(feed -> {
            faulty[0] = new FaultyFeed(feed);
            faulty[0].failReads(true); // the feed cannot be read as the service starts
            return faulty[0];
        }))) {
            fixture.service().onReadinessChange(ready::set);
            Eventually.await("a warm-up was tried", Eventually.PATIENCE, () -> faulty[0].refused() > 0);
            assertThat(ready).isFalse();

            faulty[0].failReads(false);
            Eventually.await("ready after a warm-up that worked", Eventually.PATIENCE, ready::get);

            fixture.service().stop(NEVER);
            assertThat(ready).isFalse();
        }
    }

    private static ServiceFixture fixture(ServiceSettings.Limits limits) {
        return new ServiceFixture(ServiceFixture.Setup.shards(1)
                .settings(ServiceFixture.fastSettings().withLimits(limits)));
    }
}
