package org.accountstream.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.accountstream.demo.DemoWriter;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Frame;
import org.accountstream.domain.Replica;
import org.accountstream.domain.TokenCheck;
import org.accountstream.domain.TokenCheck.Reason;
import org.accountstream.ports.contract.Eventually;
import org.accountstream.ports.out.SnapshotSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A consumer that asked for tokens during its snapshot and was cut off half-way continues the
 * snapshot where it stopped, and its copy still ends equal to the table (DESIGN §6).
 */
@Timeout(60)
class AccountStreamServiceResumableSnapshotTest {

    private static final int ACCOUNTS = 100_000;

    @Test
    void everySnapshotPageCarriesATokenOnlyForAConsumerThatAskedForThem() throws InterruptedException {
        try (ServiceFixture fixture = new ServiceFixture(2)) {
            fixture.seed(1000);

            StreamConsumer resumable = fixture.streamResumable(AciRange.ALL, new byte[0], StreamConsumer.Pace.NONE);
            StreamConsumer classic = fixture.stream();
            resumable.awaitDatasetCurrent();
            classic.awaitDatasetCurrent();

            assertThat(snapshotPages(resumable.frames())).isNotEmpty().allMatch(Frame::hasToken);
            assertThat(snapshotPages(classic.frames())).isNotEmpty().noneMatch(Frame::hasToken);
        }
    }

    @Test
    void aConsumerCutOffHalfWayReceivesOnlyTheRestAndEndsEqualToTheTable() throws InterruptedException {
        try (ServiceFixture fixture = new ServiceFixture(2)) {
            fixture.seed(ACCOUNTS);
            StreamConsumer first = cutOff(fixture, ACCOUNTS / 2, new byte[0]);
            int receivedBefore = first.records().size();

            StreamConsumer second = fixture.streamResumable(AciRange.ALL, first.lastToken(), StreamConsumer.Pace.NONE);
            second.awaitDatasetCurrent();

            int served = fixture.tableView().size(); // the discoverable accounts
            int inFlight = fixture.settings().scanParallelism() * fixture.settings().pageSize();
            assertThat(second.count(Frame::clearAll)).isZero();
            assertThat(second.records().size()).isBetween(served - receivedBefore, served - receivedBefore + inFlight);
            Replica resumed = ServiceFixture.replicaOf(first.frames(), second.frames());
            assertThat(ViewDiff.between(resumed.byE164(), fixture.tableView())).isEmpty();
            assertThat(fixture.metrics.notHonoured()).isEmpty();
        }
    }

    @Test
    void writesRacingWithBothHalvesOfTheSnapshotConverge() throws InterruptedException {
        try (ServiceFixture fixture = new ServiceFixture(2)) {
            DemoWriter writer = DemoWriter.of(fixture.table, 31);
            writer.seed(5000);
            CountDownLatch cut = new CountDownLatch(1);
            StreamConsumer first = fixture.streamResumable(AciRange.ALL, new byte[0],
                    StreamConsumer.Pace.cutOffAfter(2500, cut, writingUntilCurrent(writer)));
            cut.await();
            first.stop();
            for (int i = 0; i < 200; i++) {
                writer.writeOnce();
            }

            StreamConsumer second = fixture.streamResumable(AciRange.ALL, first.lastToken(), writingUntilCurrent(writer));
            second.awaitDatasetCurrent();

            assertThat(second.count(Frame::clearAll)).isZero();
            // No write follows dataset_current, but those made during the second half may still be on their way.
            Eventually.within(Eventually.PATIENCE, () -> ServiceFixture.replicaOf(first.frames(), second.frames())
                    .byE164().equals(fixture.tableView()));
            Replica resumed = ServiceFixture.replicaOf(first.frames(), second.frames());
            assertThat(ViewDiff.between(resumed.byE164(), fixture.tableView())).isEmpty();
        }
    }

    @Test
    void aConsumerTheScanServesNothingStillGetsItsProgressAfterTheBookmarkInterval() throws InterruptedException {
        ManualTicker ticker = new ManualTicker();
        HeldSnapshotSource[] source = new HeldSnapshotSource[1];
        try (ServiceFixture fixture = new ServiceFixture(ServiceFixture.Setup.shards(2).ticker(ticker)
                .scans(table -> source[0] = new HeldSnapshotSource(table)))) {
            fixture.seed(3000);
            AciRange holdingNobody = AciRange.fromText(null, "00000000-0000-0000-0000-000000000001");
            source[0].hold();
            StreamConsumer consumer = fixture.streamResumable(holdingNobody, new byte[0], StreamConsumer.Pace.NONE);
            Eventually.await("the scan's reads wait at their start", Eventually.PATIENCE, () -> source[0].held() > 0);

            ticker.advance(fixture.settings().bookmarkInterval());
            source[0].release();
            consumer.awaitDatasetCurrent();

            List<Frame> progressOnly = consumer.frames().stream()
                    .filter(frame -> frame.records().isEmpty() && frame.hasToken())
                    .filter(frame -> ((TokenCheck.Usable) fixture.tokens.check(frame.continuationToken(),
                            fixture.feed.feedId(), holdingNobody)).token().snapshot().isPresent())
                    .toList();
            assertThat(progressOnly).as("token-only pages during the snapshot").isNotEmpty();
        }
    }

    @Test
    void aTokenOfAnotherRangeStartsOver() throws InterruptedException {
        try (ServiceFixture fixture = new ServiceFixture(2)) {
            fixture.seed(3000);
            byte[] token = cutOff(fixture, 1500, new byte[0]).lastToken();
            AciRange lowerHalf = AciRange.fromText(null, "80000000-0000-0000-0000-000000000000");

            assertStartsOver(fixture, fixture.streamResumable(lowerHalf, token, StreamConsumer.Pace.NONE), lowerHalf,
                    Reason.OTHER_RANGE);
        }
    }

    @Test
    void aTokenWhoseStartHorizonWasTrimmedStartsOver() throws InterruptedException {
        try (ServiceFixture fixture = new ServiceFixture(2)) {
            fixture.seed(3000);
            byte[] token = cutOff(fixture, 1500, new byte[0]).lastToken();
            fixture.feed.reshardAll(true);
            fixture.insert();
            fixture.clock.advance(ServiceFixture.RETENTION.plusHours(1));
            fixture.feed.trimExpired();

            assertStartsOver(fixture, fixture.streamResumable(AciRange.ALL, token, StreamConsumer.Pace.NONE),
                    AciRange.ALL, Reason.TRIMMED);
        }
    }

    @Test
    void aTokenOfATableCutIntoOtherSegmentsStartsOver() throws InterruptedException {
        byte[] token;
        try (ServiceFixture eightSegments = new ServiceFixture(ServiceFixture.Setup.shards(2).segments(8))) {
            eightSegments.seed(3000);
            token = cutOff(eightSegments, 1500, new byte[0]).lastToken();
        }
        try (ServiceFixture fourSegments = new ServiceFixture(ServiceFixture.Setup.shards(2).segments(4))) {
            fourSegments.seed(100);

            assertStartsOver(fourSegments, fourSegments.streamResumable(AciRange.ALL, token, StreamConsumer.Pace.NONE),
                    AciRange.ALL, Reason.OTHER_SEGMENT_COUNT);
        }
    }

    @Test
    void aTokenOfAnotherTableStartsOver() throws InterruptedException {
        byte[] token;
        try (ServiceFixture fixture = new ServiceFixture(2)) {
            fixture.seed(3000);
            token = cutOff(fixture, 1500, new byte[0]).lastToken();
        }
        try (ServiceFixture recreated = new ServiceFixture(ServiceFixture.Setup.shards(2).scans(RecreatedTable::new))) {
            recreated.seed(100);

            assertStartsOver(recreated, recreated.streamResumable(AciRange.ALL, token, StreamConsumer.Pace.NONE),
                    AciRange.ALL, Reason.OTHER_TABLE);
        }
    }

    /** A resumable consumer of the whole table, cut off once it received {@code records} or more. */
    private static StreamConsumer cutOff(ServiceFixture fixture, int records, byte[] token)
            throws InterruptedException {
        CountDownLatch cut = new CountDownLatch(1);
        StreamConsumer consumer = fixture.streamResumable(AciRange.ALL, token,
                StreamConsumer.Pace.cutOffAfter(records, cut, StreamConsumer.Pace.NONE));
        cut.await();
        consumer.stop();
        assertThat(consumer.count(Frame::datasetCurrent)).as("cut off during the snapshot").isZero();
        assertThat(consumer.lastToken()).as("a mid-snapshot token").isNotEmpty();
        return consumer;
    }

    /**
     * Writes with every frame the consumer receives until it is current (frames of the tail carry
     * those writes, so writing on would never end; the table must be still when it is compared).
     */
    private static StreamConsumer.Pace writingUntilCurrent(DemoWriter writer) {
        AtomicBoolean current = new AtomicBoolean();
        return frame -> {
            current.compareAndSet(false, frame.datasetCurrent());
            if (!current.get()) {
                for (int i = 0; i < 5; i++) {
                    writer.writeOnce();
                }
            }
        };
    }

    private static void assertStartsOver(ServiceFixture fixture, StreamConsumer consumer, AciRange range,
                                         Reason reason) throws InterruptedException {
        consumer.awaitDatasetCurrent();
        assertThat(consumer.frames().getFirst().clearAll()).isTrue();
        assertThat(consumer.count(Frame::clearAll)).isOne();
        assertThat(ViewDiff.between(consumer.view(), fixture.tableView(range))).isEmpty();
        assertThat(fixture.metrics.notHonoured()).containsExactly(reason);
    }

    /** The snapshot's pages: the frames with records after the clear-all, up to the first without. */
    private static List<Frame> snapshotPages(List<Frame> frames) {
        List<Frame> pages = new ArrayList<>();
        for (Frame frame : frames.subList(1, frames.size())) {
            if (frame.records().isEmpty()) {
                break;
            }
            pages.add(frame);
        }
        return pages;
    }

    /** The same rows as a table of another identity: one deleted and created again. */
    private static final class RecreatedTable extends ForwardingSnapshotSource {
        RecreatedTable(SnapshotSource table) {
            super(table);
        }

        @Override
        public String tableId() {
            return super.tableId() + "-recreated";
        }
    }
}
