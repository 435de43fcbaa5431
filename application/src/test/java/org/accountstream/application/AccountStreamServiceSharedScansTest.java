package org.accountstream.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Frame;
import org.accountstream.ports.contract.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Concurrent snapshots share segment reads that are scheduled but not yet running (DESIGN §8),
 * without a slow consumer holding back the others and without reads nobody needs any more.
 * Each test lines the snapshots up by holding the source's reads at their start: the first
 * snapshot starts {@link #PARALLELISM} reads, the second joins the rest.
 */
@Timeout(60)
class AccountStreamServiceSharedScansTest {

    private static final int PARALLELISM = 2;
    private static final int SEGMENTS = 8;

    private HeldSnapshotSource source;

    private ServiceFixture fixture() {
        return new ServiceFixture(ServiceFixture.Setup.shards(2)
                .settings(ServiceFixture.fastSettings().withScanParallelism(PARALLELISM))
                .scans(table -> source = new HeldSnapshotSource(table)));
    }

    @Test
    void aSnapshotJoinsTheReadsAnotherOneScheduledAndReadsOnlyTheRunningOnesAgain() throws InterruptedException {
        try (ServiceFixture fixture = fixture()) {
            fixture.seed(2000);
            StreamConsumer first = startHeld(fixture, StreamConsumer.Pace.NONE);
            StreamConsumer second = startJoining(fixture);

            source.release();

            first.awaitView(fixture::tableView);
            second.awaitView(fixture::tableView);
            first.awaitDatasetCurrent();
            second.awaitDatasetCurrent();
            assertThat(source.readsFromStart()).as("segment reads for two snapshots of %s segments", SEGMENTS)
                    .isEqualTo(SEGMENTS + PARALLELISM);
        }
    }

    @Test
    void aResumedSnapshotJoinsScheduledReadsOfTheSegmentsItHasNotStarted() throws InterruptedException {
        try (ServiceFixture fixture = fixture()) {
            fixture.seed(2000);
            CountDownLatch cut = new CountDownLatch(1);
            StreamConsumer cutOff = fixture.streamResumable(AciRange.ALL, new byte[0],
                    StreamConsumer.Pace.cutOffAfter(1, cut, StreamConsumer.Pace.NONE)); // after its first page
            cut.await();
            cutOff.stop();
            byte[] token = cutOff.lastToken();
            int readsBefore = source.readsFromStart();

            StreamConsumer fresh = startHeld(fixture, StreamConsumer.Pace.NONE);
            StreamConsumer resumed = fixture.streamResumable(AciRange.ALL, token, StreamConsumer.Pace.NONE);
            Eventually.await("the resumed snapshot joined reads", Eventually.PATIENCE,
                    () -> fixture.metrics.segmentReadsJoined() > 0);
            source.release();

            fresh.awaitView(fixture::tableView);
            resumed.awaitDatasetCurrent();
            assertThat(resumed.count(Frame::clearAll)).isZero();
            assertThat(source.readsFromStart() - readsBefore)
                    .as("at most the reads the fresh snapshot had started are read again")
                    .isLessThanOrEqualTo(SEGMENTS + PARALLELISM);
        }
    }

    @Test
    void aStalledConsumerDoesNotHoldBackOneSharingItsReads() throws InterruptedException {
        try (ServiceFixture fixture = fixture()) {
            fixture.seed(100_000); // segments of 12,500 accounts: more than a subscriber buffers
            Gate stalled = new Gate();
            StreamConsumer slow = startHeld(fixture, frame -> {
                if (!frame.clearAll()) {
                    stalled.beforeReceiving(frame);
                }
            });
            stalled.close();
            StreamConsumer fast = startJoining(fixture);

            source.release();

            fast.awaitDatasetCurrent();
            fast.awaitView(fixture::tableView);
            assertThat(slow.count(Frame::datasetCurrent)).isZero();
            assertThat(stalled.holdsAFrame()).isTrue();
            stalled.open();
            slow.awaitDatasetCurrent();
            slow.awaitView(fixture::tableView);
        }
    }

    @Test
    void aReadGoesOnForTheSnapshotsStillSharingItWhenOneIsCancelled() throws InterruptedException {
        try (ServiceFixture fixture = fixture()) {
            fixture.seed(2000);
            StreamConsumer staying = startHeld(fixture, StreamConsumer.Pace.NONE);
            StreamConsumer leaving = startJoining(fixture);

            leaving.stop();
            source.release();

            staying.awaitDatasetCurrent();
            staying.awaitView(fixture::tableView);
            assertThat(source.readsFromStart()).as("reads of the cancelled snapshot's own segments")
                    .isLessThanOrEqualTo(SEGMENTS + PARALLELISM);
        }
    }

    @Test
    void cancellingEverySnapshotSharingAReadStopsIt() throws InterruptedException {
        try (ServiceFixture fixture = fixture()) {
            fixture.seed(2000);
            StreamConsumer first = startHeld(fixture, StreamConsumer.Pace.NONE);
            StreamConsumer second = fixture.stream();
            Eventually.await("the second snapshot started its reads", Eventually.PATIENCE,
                    () -> source.held() == 2 * PARALLELISM);

            first.stop();
            second.stop();

            Eventually.await("every read stopped", Eventually.PATIENCE, () -> source.running() == 0);
            int started = source.readsFromStart();
            source.release();
            fixture.stream().awaitDatasetCurrent(); // a later snapshot reads every segment itself

            assertThat(source.readsFromStart()).as("reads started after everyone left, besides the later snapshot's")
                    .isEqualTo(started + SEGMENTS);
        }
    }

    @Test
    void aFailedReadEndsEverySnapshotSharingItInsteadOfLeavingThemShort() throws InterruptedException {
        try (ServiceFixture fixture = fixture()) {
            fixture.seed(2000);
            StreamConsumer first = startHeld(fixture, StreamConsumer.Pace.NONE);
            StreamConsumer second = startJoining(fixture);
            IllegalStateException outage = new IllegalStateException("table unavailable");
            source.failWith(outage);

            source.release();

            assertThat(first.awaitEnd()).isSameAs(outage);
            assertThat(second.awaitEnd()).isSameAs(outage);
            assertThat(first.count(Frame::datasetCurrent) + second.count(Frame::datasetCurrent)).isZero();
        }
    }

    @Test
    void tenSnapshotsStartingTogetherLogOneReportPerSharedScan() throws InterruptedException {
        try (ServiceFixture fixture = fixture(); LogLines log = new LogLines(SCAN_REPORTS)) {
            fixture.seed(2000);
            List<StreamConsumer> snapshots = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                snapshots.add(fixture.stream());
            }
            for (StreamConsumer snapshot : snapshots) {
                snapshot.awaitDatasetCurrent();
            }
            int readsScheduled = 10 * SEGMENTS - fixture.metrics.segmentReadsJoined();
            Eventually.await("a final report for every read scheduled", Eventually.PATIENCE,
                    () -> segmentsReported(log.messages()) == readsScheduled);

            List<String> scans = log.messages().stream().map(line -> FINAL_REPORT.matcher(line).replaceAll("$1")).toList();
            assertThat(scans).as("one line per shared scan, each its last: %s", log.messages())
                    .doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(10)
                    .allMatch(scan -> scan.matches("\\d+"));
        }
    }

    /** The logger of the engine's scan reports. */
    private static final String SCAN_REPORTS = "org.accountstream.application.ScanReport";

    /** A scan's last report: "snapshot scan #N: k/k segments, …". */
    private static final Pattern FINAL_REPORT = Pattern.compile("snapshot scan #(\\d+): (\\d+)/\\2 segments, .*");

    private static int segmentsReported(List<String> lines) {
        return lines.stream().map(FINAL_REPORT::matcher).filter(Matcher::matches)
                .mapToInt(m -> Integer.parseInt(m.group(2))).sum();
    }

    /** Starts a snapshot while another one's reads are held: it joins the ones not started. */
    private static StreamConsumer startJoining(ServiceFixture fixture) throws InterruptedException {
        StreamConsumer consumer = fixture.stream();
        Eventually.await("the second snapshot subscribed", Eventually.PATIENCE,
                () -> fixture.metrics.segmentReadsJoined() == SEGMENTS - PARALLELISM);
        return consumer;
    }

    /** Starts a snapshot whose first {@link #PARALLELISM} segment reads wait at their start. */
    private StreamConsumer startHeld(ServiceFixture fixture, StreamConsumer.Pace pace) throws InterruptedException {
        source.hold();
        StreamConsumer consumer = fixture.stream(AciRange.ALL, new byte[0], pace);
        Eventually.await("the first snapshot's reads started", Eventually.PATIENCE,
                () -> source.held() == PARALLELISM);
        return consumer;
    }
}
