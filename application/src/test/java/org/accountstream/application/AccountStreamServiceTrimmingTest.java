package org.accountstream.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Frame;
import org.accountstream.domain.TokenCheck.Reason;
import org.accountstream.ports.contract.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * When retention took changes a consumer has not seen, it gets clear_all and a fresh snapshot;
 * it is never silently skipped ahead (DESIGN §4, §5).
 */
@Timeout(30)
class AccountStreamServiceTrimmingTest {

    /** Shared tails retire quickly, so a stalled consumer's position is read from the feed again. */
    private static final Duration TAIL_IDLE = Duration.ofMillis(200);

    private final ServiceFixture fixture =
            new ServiceFixture(1, ServiceFixture.settings(Duration.ofMillis(20), TAIL_IDLE));

    @AfterEach
    void close() throws InterruptedException {
        fixture.close();
    }

    @Test
    void resumingAfterItsChangesExpiredStartsOverOnce() throws InterruptedException {
        byte[] token = tokenAtTheHead();
        fixture.restartService();
        fixture.insert();
        fixture.insert();
        expireEverything();

        StreamConsumer consumer = fixture.stream(AciRange.ALL, token);
        consumer.awaitDatasetCurrent();
        var later = fixture.insert();
        consumer.awaitRecord(new AccountChange.Upsert(later));

        assertThat(consumer.count(Frame::clearAll)).isOne();
        assertThat(ViewDiff.between(consumer.view(), fixture.tableView())).isEmpty();
        assertThat(fixture.metrics.notHonoured()).containsExactly(Reason.TRIMMED);
    }

    /** After a restart the first reader of a shard may be one whose position expired. */
    @Test
    void consumerWhoseChangesExpiredDoesNotMakeOthersStartOver() throws InterruptedException {
        byte[] staleToken = tokenAtTheHead();
        StreamConsumer healthy = fixture.streamAtTheHead();
        byte[] healthyToken = healthy.lastToken();
        fixture.restartService();
        expireEverything();

        StreamConsumer stale = fixture.stream(AciRange.ALL, staleToken);
        stale.awaitFrames("the stale consumer starts over", frames -> frames.stream().anyMatch(Frame::clearAll));
        StreamConsumer resumed = fixture.stream(AciRange.ALL, healthyToken);
        resumed.awaitDatasetCurrent();
        stale.awaitDatasetCurrent();

        assertThat(resumed.count(Frame::clearAll)).isZero();
        assertThat(stale.count(Frame::clearAll)).isOne();
        assertThat(fixture.metrics.notHonoured()).containsExactly(Reason.TRIMMED);
    }

    @Test
    void resumingFromAShardThatVanishedStartsOver() throws InterruptedException {
        byte[] token = tokenAtTheHead();
        fixture.feed.reshardAll(true);
        fixture.insert();
        expireEverything();

        StreamConsumer consumer = fixture.stream(AciRange.ALL, token);
        consumer.awaitDatasetCurrent();

        assertThat(consumer.count(Frame::clearAll)).isOne();
        assertThat(ViewDiff.between(consumer.view(), fixture.tableView())).isEmpty();
        assertThat(fixture.metrics.notHonoured()).containsExactly(Reason.TRIMMED);
    }

    @Test
    void horizonTrimmedWhileTailingStartsOverWithANewSnapshot() throws InterruptedException {
        fixture.seed(30);
        Gate gate = new Gate();
        StreamConsumer consumer = fixture.stream(AciRange.ALL, new byte[0], gate);
        consumer.awaitDatasetCurrent();
        gate.close();
        fixture.insert();
        Eventually.await("the consumer stalls on a live frame", Eventually.PATIENCE, gate::holdsAFrame);
        fixture.insert();
        fixture.insert();
        Eventually.await("the unread shared tail retires", Eventually.PATIENCE,
                () -> fixture.service().activeSharedTails() == 0);
        expireEverything();

        gate.open();

        consumer.awaitFrames("a second snapshot completes",
                frames -> frames.stream().filter(Frame::datasetCurrent).count() == 2);
        var later = fixture.insert();
        consumer.awaitRecord(new AccountChange.Upsert(later));
        assertThat(consumer.count(Frame::clearAll)).isEqualTo(2);
        assertThat(ViewDiff.between(consumer.view(), fixture.tableView())).isEmpty();
        assertThat(fixture.metrics.notHonoured()).containsExactly(Reason.TRIMMED);
    }

    private byte[] tokenAtTheHead() throws InterruptedException {
        fixture.seed(30);
        StreamConsumer consumer = fixture.streamAtTheHead();
        consumer.stop();
        return consumer.lastToken();
    }

    private void expireEverything() {
        fixture.clock.advance(ServiceFixture.RETENTION.plusHours(1));
        fixture.feed.trimExpired();
    }
}
