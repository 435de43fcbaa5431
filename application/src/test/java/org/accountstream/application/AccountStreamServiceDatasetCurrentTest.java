package org.accountstream.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Frame;
import org.accountstream.domain.Replica;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * dataset_current promises the consumer holds the whole table as of when it connected: nothing
 * written before then is still on its way (DESIGN §6).
 */
@Timeout(30)
class AccountStreamServiceDatasetCurrentTest {

    /** Shared tails look at the feed rarely here, so what they know is visibly old. */
    private static final Duration SLOW_POLL = Duration.ofMillis(500);

    private final ServiceFixture fixture =
            new ServiceFixture(1, ServiceFixture.settings(SLOW_POLL, Duration.ofSeconds(5)));

    @AfterEach
    void close() throws InterruptedException {
        fixture.close();
    }

    /** A closed shard read to its last record is not the head: its children hold the head. */
    @Test
    void datasetCurrentWaitsForTheChildrenOfAClosedShard() throws InterruptedException {
        StreamConsumer first = streamUntilCurrent();
        byte[] token = first.lastToken();
        fixture.restartService();
        fixture.insert();
        fixture.feed.reshardAll(true);
        var inChild = fixture.insert();

        StreamConsumer resumed = fixture.stream(AciRange.ALL, token);
        resumed.awaitDatasetCurrent();

        assertThat(upToDatasetCurrent(resumed)).as("records before dataset_current")
                .contains(new AccountChange.Upsert(inChild));
    }

    @Test
    void datasetCurrentOnResumeIncludesWritesMadeBeforeResuming() throws InterruptedException {
        StreamConsumer first = streamUntilCurrent();
        first.stop();
        var writtenWhileAway = fixture.insert();

        StreamConsumer resumed = fixture.stream(AciRange.ALL, first.lastToken());
        resumed.awaitDatasetCurrent();

        assertThat(upToDatasetCurrent(resumed)).as("records before dataset_current")
                .contains(new AccountChange.Upsert(writtenWhileAway));
        Replica copy = ServiceFixture.replicaOf(first.frames(), resumed.frames());
        assertThat(ViewDiff.between(copy.byE164(), fixture.tableView())).isEmpty();
    }

    private StreamConsumer streamUntilCurrent() throws InterruptedException {
        fixture.seed(20);
        StreamConsumer consumer = fixture.stream();
        consumer.awaitDatasetCurrent();
        return consumer;
    }

    private static List<AccountChange> upToDatasetCurrent(StreamConsumer consumer) {
        List<Frame> frames = consumer.frames();
        int current = StreamConsumer.indexOf(frames, Frame::datasetCurrent);
        return frames.subList(0, current + 1).stream().flatMap(frame -> frame.records().stream()).toList();
    }
}
