package org.accountstream.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.accountstream.demo.DemoWriter;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Frame;
import org.accountstream.domain.Horizon;
import org.accountstream.domain.TokenCheck;
import org.accountstream.ports.contract.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A stream whose range sees no change gets no message per change elsewhere in the table, yet
 * its token keeps moving: a bookmark (a token-only message) whenever its horizon moved and
 * nothing was sent for the bookmark interval. Time is a ticker the test moves.
 */
@Timeout(60)
class AccountStreamServiceBookmarkTest {

    private static final Duration INTERVAL = Duration.ofSeconds(1);
    /** A 1/65,536 slice of the aci space that none of the test's accounts falls in. */
    private static final AciRange QUIET = new AciRange(Optional.of(new UUID(0x1234_0000_0000_0000L, 0)),
            Optional.of(new UUID(0x1235_0000_0000_0000L, 0)));

    private final ManualTicker ticker = new ManualTicker();
    private final ServiceFixture fixture = new ServiceFixture(ServiceFixture.Setup.shards(2)
            .settings(ServiceFixture.fastSettings().withBookmarkInterval(INTERVAL))
            .ticker(ticker));
    private final DemoWriter writer = DemoWriter.of(fixture.table, 9);

    @AfterEach
    void close() throws InterruptedException {
        fixture.close();
    }

    @Test
    void aQuietRangeGetsOneBookmarkPerIntervalNotAMessagePerChangeElsewhere() throws InterruptedException {
        writer.seed(200);
        StreamConsumer quiet = fixture.stream(QUIET, new byte[0]);
        StreamConsumer everything = fixture.stream();
        quiet.awaitDatasetCurrent();
        everything.awaitDatasetCurrent();
        int framesAtCurrent = quiet.frames().size();
        Horizon atCurrent = horizonOf(quiet.frames().getLast());

        writeElsewhere(300);
        everything.awaitView(fixture::tableView); // the shared tails have read every change
        assertThat(quiet.frames()).as("messages for 300 changes outside the range, within one interval")
                .hasSize(framesAtCurrent);

        ticker.advance(INTERVAL);
        quiet.awaitFrames("a bookmark", frames -> frames.size() > framesAtCurrent);
        Frame bookmark = quiet.frames().get(framesAtCurrent);
        assertThat(bookmark.records()).isEmpty();
        assertThat(bookmark.datasetCurrent()).isFalse();
        Horizon moved = horizonOf(bookmark);
        assertThat(moved).as("the bookmark's token moved past the changes elsewhere").isNotEqualTo(atCurrent);

        writeElsewhere(100);
        everything.awaitView(fixture::tableView);
        ticker.advance(INTERVAL);
        quiet.awaitFrames("another bookmark", frames -> frames.size() > framesAtCurrent + 1);
        assertThat(horizonOf(quiet.frames().getLast())).as("the token keeps moving").isNotEqualTo(moved);
        assertThat(quiet.frames()).as("one bookmark per interval").hasSize(framesAtCurrent + 2);
    }

    @Test
    void aRangeThatSawNothingMoveGetsNoBookmark() throws InterruptedException {
        writer.seed(50);
        StreamConsumer quiet = fixture.stream(QUIET, new byte[0]);
        quiet.awaitDatasetCurrent();
        int framesAtCurrent = quiet.frames().size();
        long readsAtCurrent = fixture.countingFeed.reads();

        ticker.advance(INTERVAL.multipliedBy(5));
        Eventually.await("the tails read the idle feed again",
                Eventually.PATIENCE,
                () -> fixture.countingFeed.reads() > readsAtCurrent + 10);

        assertThat(quiet.frames()).hasSize(framesAtCurrent);
    }

    private void writeElsewhere(int writes) {
        for (int i = 0; i < writes; i++) {
            writer.writeOnce();
        }
    }

    private Horizon horizonOf(Frame frame) {
        TokenCheck check = fixture.tokens.check(frame.continuationToken(), fixture.feed.feedId(), QUIET);
        assertThat(check).isInstanceOf(TokenCheck.Usable.class);
        return ((TokenCheck.Usable) check).token().horizon();
    }
}
