package org.accountstream.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.AciRange;
import org.accountstream.ports.contract.Eventually;
import org.accountstream.ports.in.UpstreamUnavailableException;
import org.accountstream.ports.out.SourceUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An upstream outage ends streams as unavailable, never as an internal error, and the same way
 * on every path: a change feed that stays unreadable past the limit ends the streams reading it
 * through a shared tail and those reading it on their own alike, on one clock (here a ticker the
 * test moves), and a snapshot the table cannot serve ends its stream at once.
 */
@Timeout(60)
class AccountStreamServiceOutageTest {

    private final ManualTicker ticker = new ManualTicker();
    private FaultyFeed faulty;
    private HeldSnapshotSource scans;
    private final ServiceFixture fixture = new ServiceFixture(ServiceFixture.Setup.shards(1)
            .feeds(feed -> faulty = new FaultyFeed(feed))
            .scans(table -> scans = new HeldSnapshotSource(table))
            .ticker(ticker));

    @AfterEach
    void close() throws InterruptedException {
        fixture.close();
    }

    @Test
    void aFeedThatStaysUnreadableEndsStreamsOnTheSharedTailAndOnTheirOwnAlike() throws InterruptedException {
        fixture.seed(50);
        byte[] oldToken = fixture.streamAtTheHead().lastToken();
        fixture.insert();
        fixture.restartService();
        StreamConsumer shared = fixture.streamAtTheHead(); // its tail starts at the head: the old token is behind it

        faulty.failReads(true);
        long ownReads = fixture.metrics.ownFeedReads();
        StreamConsumer own = fixture.stream(AciRange.ALL, oldToken); // reads on its own, and fails
        Eventually.await("both paths failed to read", Eventually.PATIENCE,
                () -> faulty.refused() > 1 && fixture.metrics.ownFeedReads() > ownReads);
        assertThat(shared.isRunning()).as("a failing read alone ends nothing").isTrue();
        assertThat(own.isRunning()).isTrue();

        ticker.advance(fixture.settings().maxUnreadable().plusNanos(1));

        assertThat(shared.awaitEnd()).isInstanceOf(UpstreamUnavailableException.class);
        assertThat(own.awaitEnd()).isInstanceOf(UpstreamUnavailableException.class);
    }

    @Test
    void aFeedThatRecoversInTimeEndsNothing() throws InterruptedException {
        fixture.seed(50);
        StreamConsumer consumer = fixture.streamAtTheHead();
        int refusedBefore = faulty.refused();

        faulty.failReads(true);
        Eventually.await("a read failed", Eventually.PATIENCE, () -> faulty.refused() > refusedBefore);
        ticker.advance(fixture.settings().maxUnreadable().minusMillis(1));
        faulty.failReads(false);
        var later = fixture.insert();
        consumer.awaitRecord(new AccountChange.Upsert(later));
        ticker.advance(Duration.ofMillis(2)); // past the limit, counted from the first failure, had it lasted

        var evenLater = fixture.insert();
        consumer.awaitRecord(new AccountChange.Upsert(evenLater));
        assertThat(consumer.isRunning()).isTrue();
    }

    @Test
    void aSnapshotTheTableCannotServeEndsAsUnavailable() throws InterruptedException {
        fixture.seed(50);
        scans.failWith(new SourceUnavailableException("scan failed", new IllegalStateException("outage")));

        StreamConsumer consumer = fixture.stream();

        assertThat(consumer.awaitEnd()).isInstanceOf(UpstreamUnavailableException.class)
                .hasCauseInstanceOf(SourceUnavailableException.class);
    }
}
