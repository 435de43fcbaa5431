package org.accountstream.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.accountstream.demo.DemoWriter;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Frame;
import org.accountstream.domain.Replica;
import org.accountstream.ports.contract.Eventually;
import org.accountstream.ports.contract.TestAccounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A stream's life: snapshot, dataset_current, live changes, resumption, ranges (DESIGN §6, §7). */
@Timeout(30)
class AccountStreamServiceTest {

    private final ServiceFixture fixture = new ServiceFixture(2);

    @AfterEach
    void close() throws InterruptedException {
        fixture.close();
    }

    @Test
    void freshStreamSendsClearAllThenTheTableThenDatasetCurrent() throws InterruptedException {
        fixture.seed(350);

        StreamConsumer consumer = fixture.stream();
        consumer.awaitDatasetCurrent();

        List<Frame> frames = consumer.frames();
        int current = StreamConsumer.indexOf(frames, Frame::datasetCurrent);
        int firstToken = StreamConsumer.indexOf(frames, Frame::hasToken);
        assertThat(frames.getFirst().clearAll()).isTrue();
        assertThat(frames.getFirst().records()).isEmpty();
        assertThat(frames.subList(1, frames.size())).noneMatch(Frame::clearAll);
        assertThat(frames.subList(1, firstToken)).as("snapshot pages").isNotEmpty()
                .allSatisfy(page -> assertThat(page.records()).isNotEmpty().hasSizeLessThanOrEqualTo(100))
                .noneMatch(Frame::hasToken);
        assertThat(frames.subList(firstToken, frames.size())).allMatch(Frame::hasToken);
        assertThat(frames.subList(1, firstToken).stream().mapToInt(f -> f.records().size()).sum())
                .as("each discoverable account sent once").isEqualTo(fixture.tableView().size());
        assertThat(ViewDiff.between(ServiceFixture.replicaOf(frames.subList(0, current + 1)).byE164(), fixture.tableView()))
                .isEmpty();
    }

    @Test
    void liveChangesFollowDatasetCurrent() throws InterruptedException {
        fixture.seed(50);
        StreamConsumer consumer = fixture.stream();
        consumer.awaitDatasetCurrent();
        int snapshotFrames = consumer.frames().size();
        Account before = fixture.table.all().getFirst();
        Account renumbered = TestAccounts.withNumber(before, fixture.accounts.freshNumber());

        Account inserted = fixture.insert();
        fixture.table.put(renumbered);

        consumer.awaitView(fixture::tableView);
        List<Frame> live = consumer.frames().subList(snapshotFrames, consumer.frames().size());
        assertThat(live).isNotEmpty().allMatch(Frame::hasToken).noneMatch(Frame::clearAll);
        assertThat(live.stream().flatMap(f -> f.records().stream())).contains(
                new AccountChange.Upsert(inserted),
                new AccountChange.Removal(before.e164(), before.aci()));
    }

    @Test
    void aSnapshotCountsEveryScannedItemAndSegment() throws InterruptedException {
        fixture.seed(350);

        fixture.stream().awaitDatasetCurrent();

        assertThat(fixture.metrics.itemsScanned()).isEqualTo(fixture.table.size());
        assertThat(fixture.metrics.segmentsScanned()).isEqualTo(fixture.table.segmentCount());
    }

    @Test
    void streamEndsOnlyWhenInterrupted() throws InterruptedException {
        fixture.seed(10);
        StreamConsumer consumer = fixture.stream();
        consumer.awaitDatasetCurrent();
        long readsAtHead = fixture.countingFeed.reads();
        Eventually.await("the feed was read again and again with nothing new", Eventually.PATIENCE,
                () -> fixture.countingFeed.reads() >= readsAtHead + 20);
        consumer.awaitRecord(new AccountChange.Upsert(fixture.insert()));

        assertThat(consumer.isRunning()).isTrue();
        assertThat(consumer.stop()).isInstanceOf(InterruptedException.class);
        assertThat(fixture.metrics.closed()).isEqualTo(fixture.metrics.opened()).isEqualTo(1);
    }

    @Test
    void resumingWithTheLastTokenSendsNoClearAllAndNothingOlder() throws InterruptedException {
        fixture.seed(50);
        StreamConsumer first = fixture.streamAtTheHead();
        first.stop();
        Account missed = fixture.insert();

        StreamConsumer second = fixture.stream(AciRange.ALL, first.lastToken());
        second.awaitRecord(new AccountChange.Upsert(missed));
        second.awaitDatasetCurrent();

        assertThat(second.frames()).noneMatch(Frame::clearAll);
        assertThat(second.records()).containsExactly(new AccountChange.Upsert(missed));
        Replica resumed = ServiceFixture.replicaOf(first.frames(), second.frames());
        assertThat(ViewDiff.between(resumed.byE164(), fixture.tableView())).isEmpty();
        assertThat(fixture.metrics.notHonoured()).isEmpty();
    }

    @Test
    void resumesWithoutClearAllAfterServerRestart() throws InterruptedException {
        fixture.seed(50);
        StreamConsumer first = fixture.streamAtTheHead();
        byte[] token = first.lastToken();
        fixture.restartService();
        Account missed = fixture.insert();

        StreamConsumer second = fixture.stream(AciRange.ALL, token);
        second.awaitDatasetCurrent();

        assertThat(second.frames()).noneMatch(Frame::clearAll);
        assertThat(second.records()).containsExactly(new AccountChange.Upsert(missed));
    }

    @Test
    void complementaryRangesTogetherHoldTheTable() throws InterruptedException {
        UUID middle = new UUID(0x8000_0000_0000_0000L, 0); // below it in unsigned order: 0000… to 7fff…
        AciRange lower = new AciRange(Optional.empty(), Optional.of(middle));
        AciRange upper = new AciRange(Optional.of(middle), Optional.empty());
        DemoWriter writer = DemoWriter.of(fixture.table, 17);
        writer.seed(300);
        StreamConsumer low = fixture.stream(lower, new byte[0]);
        StreamConsumer high = fixture.stream(upper, new byte[0]);
        for (int i = 0; i < 300; i++) {
            writer.writeOnce();
        }

        low.awaitView(() -> fixture.tableView(lower));
        high.awaitView(() -> fixture.tableView(upper));

        assertThat(low.view().values()).allMatch(account -> lower.contains(account.aci())).isNotEmpty();
        assertThat(high.view().values()).allMatch(account -> upper.contains(account.aci())).isNotEmpty();
        Map<Long, Account> union = new HashMap<>(low.view());
        union.putAll(high.view());
        assertThat(ViewDiff.between(union, fixture.tableView())).isEmpty();
    }
}
