package org.accountstream.application;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.accountstream.demo.DemoWriter;
import org.accountstream.domain.Account;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Frame;
import org.accountstream.domain.Replica;
import org.accountstream.ports.contract.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * However a resumable snapshot is cut off, and however often, a consumer that resumes with its
 * last token each time ends with a copy equal to the table, and never gets clear-all after its
 * first one (DESIGN §6).
 *
 * <p>Each example runs the real engine over the in-memory table: random table sizes, segment
 * counts, scan parallelism and page sizes (so segments interleave differently in pages), cut
 * points, and writes during the snapshot pages and between the cuts. The seed ({@code -DQT_SEED=N},
 * see the domain's {@code PropertyTesting}) replays the example; the threads' interleaving is the
 * scheduler's.
 */
@Timeout(300)
class ResumableSnapshotProperties {

    /** One example: how the service scans, and where the consumer is cut off. */
    record Scenario(int accounts, int segments, int parallelism, int pageSize, List<Integer> cuts,
                    int writesPerPage, int writesBetween, long seed) {
    }

    private static Gen<Scenario> scenarios() {
        return integers().between(0, 2000).zip(integers().between(1, 12), integers().between(1, 4),
                        integers().between(1, 300), (accounts, segments, parallelism, pageSize) ->
                                new int[] {accounts, segments, parallelism, pageSize})
                .zip(lists().of(integers().between(0, 2000)).ofSizeBetween(1, 4), integers().between(0, 3),
                        integers().between(0, 50), longs().all(), (shape, cuts, perPage, between, seed) ->
                                new Scenario(shape[0], shape[1], shape[2], shape[3], cuts, perPage, between, seed));
    }

    /** Writes the consumer's frames may set off in one example, in all. */
    private static final int WRITES_DURING_FRAMES = 600;

    @Test
    void aConsumerCutOffAnywhereAndResumedEndsEqualToTheTable() {
        QuickTheory.qt().withExamples(60).withShrinkCycles(5) // each shrink of a failure waits out the patience
                .forAll(scenarios())
                .checkAssert(ResumableSnapshotProperties::cutAndResume);
    }

    private static void cutAndResume(Scenario scenario) {
        ServiceSettings settings = new ServiceSettings(scenario.pageSize(), scenario.parallelism(), 100, 5_000,
                Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofMillis(100), ServiceSettings.Limits.defaults());
        try (ServiceFixture fixture = new ServiceFixture(
                ServiceFixture.Setup.shards(2).segments(scenario.segments()).settings(settings))) {
            DemoWriter writer = DemoWriter.of(fixture.table, scenario.seed());
            writer.seed(scenario.accounts());
            AtomicInteger writeBudget = new AtomicInteger(WRITES_DURING_FRAMES); // tail frames of writes make more
            Supplier<StreamConsumer.Pace> writingUntilCurrent = () -> {
                AtomicBoolean current = new AtomicBoolean(); // then the table stays still for the comparison
                return frame -> {
                    current.compareAndSet(false, frame.datasetCurrent());
                    if (!current.get() && writeBudget.addAndGet(-scenario.writesPerPage()) >= 0) {
                        writeSome(writer, scenario.writesPerPage());
                    }
                };
            };
            List<StreamConsumer> streams = new ArrayList<>();
            byte[] token = new byte[0];
            for (int cut : scenario.cuts()) {
                CountDownLatch cutOff = new CountDownLatch(1);
                StreamConsumer consumer = fixture.streamResumable(AciRange.ALL, token,
                        StreamConsumer.Pace.cutOffAfter(cut, cutOff, writingUntilCurrent.get()));
                streams.add(consumer);
                boolean settled = Eventually.within(Eventually.PATIENCE,
                        () -> cutOff.getCount() == 0 || consumer.count(Frame::datasetCurrent) > 0);
                assertTrue(settled, "the consumer was cut off or became current");
                consumer.stop();
                byte[] last = consumer.lastToken();
                token = last.length > 0 ? last : token; // a consumer that received no token keeps its old one
                writeSome(writer, scenario.writesBetween());
            }
            StreamConsumer last = fixture.streamResumable(AciRange.ALL, token, writingUntilCurrent.get());
            streams.add(last);
            last.awaitDatasetCurrent();
            boolean converged = Eventually.within(Eventually.PATIENCE,
                    () -> replicaOf(streams).equals(fixture.tableView()));
            assertTrue(converged, "the copy equals the table: "
                    + ViewDiff.between(replicaOf(streams), fixture.tableView()));
            long clearAlls = streams.stream().mapToLong(stream -> stream.count(Frame::clearAll)).sum();
            assertTrue(clearAlls == 1, "one clear-all, the first stream's: " + clearAlls);
            assertTrue(fixture.metrics.notHonoured().isEmpty(), "every token honoured: " + fixture.metrics.notHonoured());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The copy of a consumer that applied each of {@code streams}' frames in turn. */
    private static Map<Long, Account> replicaOf(List<StreamConsumer> streams) {
        Replica replica = new Replica();
        streams.forEach(stream -> stream.frames().forEach(replica::apply));
        return replica.byE164();
    }

    private static void writeSome(DemoWriter writer, int writes) {
        for (int i = 0; i < writes; i++) {
            writer.writeOnce();
        }
    }

    private static void assertTrue(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }
}
