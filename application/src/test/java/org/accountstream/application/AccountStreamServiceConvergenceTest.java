package org.accountstream.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.accountstream.demo.DemoWriter;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever races with a stream (writes during its snapshot, number moves between accounts,
 * resharding), its consumer's copy ends up equal to the table (DESIGN §2, §6).
 */
@Timeout(30)
class AccountStreamServiceConvergenceTest {

    private static final int WRITES_PER_SNAPSHOT_PAGE = 10;

    private final ServiceFixture fixture = new ServiceFixture(2);
    private final DemoWriter writer = DemoWriter.of(fixture.table, 23);

    @AfterEach
    void close() throws InterruptedException {
        fixture.close();
    }

    @Test
    void writesRacingWithTheSnapshotConverge() throws InterruptedException {
        writer.seed(3000);
        AtomicInteger writesDuringSnapshot = new AtomicInteger();

        StreamConsumer consumer = fixture.stream(AciRange.ALL, new byte[0], frame -> {
            if (!frame.hasToken() && !frame.clearAll()) { // a snapshot page: the scan is still going
                writeSome(WRITES_PER_SNAPSHOT_PAGE);
                writesDuringSnapshot.addAndGet(WRITES_PER_SNAPSHOT_PAGE);
            }
        });
        consumer.awaitDatasetCurrent();

        consumer.awaitView(fixture::tableView);
        assertThat(writesDuringSnapshot.get()).as("writes that raced with the snapshot").isGreaterThan(100);
    }

    @Test
    void reshardingDuringTheTailConverges() throws InterruptedException {
        writer.seed(500);
        StreamConsumer early = fixture.stream();
        early.awaitDatasetCurrent();

        StreamConsumer late = null;
        for (int round = 0; round < 6; round++) {
            writeSome(80);
            fixture.feed.reshardAll(round % 2 == 0);
            if (round == 2) {
                late = fixture.stream(); // its snapshot and start horizon race with resharding too
            }
        }
        writeSome(80);

        early.awaitView(fixture::tableView);
        late.awaitView(fixture::tableView);
        assertThat(fixture.feed.listShards()).as("the lineage grew").hasSizeGreaterThan(10);
    }

    @Test
    void resumingAcrossAReshardConverges() throws InterruptedException {
        writer.seed(200);
        StreamConsumer first = fixture.stream();
        first.awaitDatasetCurrent();
        first.stop();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 100; i++) {
                writer.writeOnce();
            }
            fixture.feed.reshardAll(round % 2 == 0);
        }

        StreamConsumer second = fixture.stream(AciRange.ALL, first.lastToken());
        second.awaitDatasetCurrent();

        var resumed = ServiceFixture.replicaOf(first.frames(), second.frames());
        assertThat(second.count(Frame::clearAll)).isZero();
        assertThat(ViewDiff.between(resumed.byE164(), fixture.tableView())).isEmpty();
    }

    /** Writes on the calling thread, while the streams run on theirs. */
    private void writeSome(int writes) {
        for (int i = 0; i < writes; i++) {
            writer.writeOnce();
        }
    }
}
