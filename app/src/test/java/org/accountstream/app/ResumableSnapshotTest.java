package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.accountstream.adapters.memory.InMemoryChangeFeed;
import org.accountstream.domain.Account;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Replica;
import org.accountstream.domain.Shard;
import org.accountstream.domain.TokenCheck.Reason;
import org.accountstream.ports.contract.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Resumable snapshots over the wire, in memory mode with 100,000 accounts (DESIGN §6): a client
 * cut off half-way through its snapshot resumes with its last token and receives only the rest,
 * over gRPC (having asked with {@code resumable_snapshot}) and over SSE (always); a token that
 * cannot be honoured starts over with {@code clear_all}, counted by reason. The demo writer is
 * stopped, so every record before dataset_current belongs to the snapshot.
 */
@Timeout(120)
class ResumableSnapshotTest {

    private static final int ACCOUNTS = 100_000;
    private static final int PAGE_SIZE = 1000;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final byte[] WHOLE_TABLE = new byte[0];

    @Test
    void aClientCutOffHalfWayResumesWithoutClearAllAndReceivesOnlyTheRest() throws Exception {
        try (Fixture fixture = new Fixture(Map.of())) {
            int served = fixture.view(AciRange.ALL).size();
            Replica replica = new Replica();
            int before = fixture.cutOffHalfWay(replica);

            double resumedBefore = RunningApp.snapshotsResumed();
            try (StreamClient resumed = StreamClient.resumable(fixture.channel, WHOLE_TABLE, WHOLE_TABLE, replica)) {
                resumed.awaitDatasetCurrent(WAIT);
                assertThat(resumed.clearAlls).isZero();
                assertThat(resumed.recordsReceived).as("the rest, and at most the pages that were in flight")
                        .isBetween(served - before, served - before + fixture.inFlight());
                assertThat(replica.byE164()).isEqualTo(fixture.view(AciRange.ALL));
            }
            assertThat(RunningApp.snapshotsResumed() - resumedBefore).isOne();
        }
    }

    @Test
    void aClientThatDoesNotOptInSeesNoTokenDuringItsSnapshot() throws Exception {
        try (Fixture fixture = new Fixture(Map.of());
             StreamClient classic = StreamClient.open(fixture.channel, WHOLE_TABLE)) {
            classic.awaitDatasetCurrent(WAIT);
            assertThat(classic.pagesWithoutTokenBeforeCurrent).isGreaterThanOrEqualTo(ACCOUNTS / 2 / PAGE_SIZE);
            assertThat(classic.pagesWithTokenBeforeCurrent).isZero();
            assertThat(classic.replica.byE164()).isEqualTo(fixture.view(AciRange.ALL));
        }
    }

    /** An {@code EventSource} reconnecting with {@code Last-Event-ID} after a cut mid-snapshot. */
    @Test
    void anSseClientCutOffHalfWayResumesWithLastEventIdWithoutClear() throws Exception {
        try (Fixture fixture = new Fixture(Map.of())) {
            int served = fixture.view(AciRange.ALL).size();
            Replica replica = new Replica();
            String lastId;
            int before;
            try (SseClient first = SseClient.open(SseClient.streamUri(fixture.running.app, ""), Map.of(), replica)) {
                while (first.recordsReceived < served / 2) {
                    first.nextEvent(WAIT);
                }
                assertThat(first.current).isFalse();
                lastId = first.lastId;
                before = first.recordsReceived;
            }

            try (SseClient resumed = SseClient.open(SseClient.streamUri(fixture.running.app, ""),
                    Map.of("Last-Event-ID", lastId), replica)) {
                resumed.awaitCurrent(WAIT);
                assertThat(resumed.clears).isZero();
                assertThat(resumed.recordsReceived).isBetween(served - before, served - before + fixture.inFlight());
                assertThat(replica.byE164()).isEqualTo(fixture.view(AciRange.ALL));
            }
        }
    }

    @Test
    void aMidSnapshotTokenOfAnotherRangeStartsOver() throws Exception {
        try (Fixture fixture = new Fixture(Map.of())) {
            Replica replica = new Replica();
            fixture.cutOffHalfWay(replica);
            UUID half = UUID.fromString("80000000-0000-0000-0000-000000000000");

            double before = RunningApp.tokensNotHonoured(Reason.OTHER_RANGE);
            try (StreamClient lowerHalf = StreamClient.resumable(fixture.channel, WHOLE_TABLE, AciRange.uuidBytes(half),
                    replica)) {
                fixture.assertStartsOver(lowerHalf, AciRange.fromText(null, half.toString()));
            }
            assertThat(RunningApp.tokensNotHonoured(Reason.OTHER_RANGE) - before).isOne();
        }
    }

    /**
     * Retention of a millisecond: once the feed has been resharded, the shards of the token's start
     * horizon are closed and then trimmed, so the changes that raced with its snapshot are gone.
     */
    @Test
    void aMidSnapshotTokenWhoseStartHorizonWasTrimmedStartsOver() throws Exception {
        try (Fixture fixture = new Fixture(Map.of("accountstream.memory.retention", "PT0.001S"))) {
            InMemoryChangeFeed feed = fixture.running.memory().feed();
            List<String> startShards = feed.openShardIds();
            Replica replica = new Replica();
            fixture.cutOffHalfWay(replica);
            feed.reshardAll(true);
            fixture.running.memory().writer().writeOnce();
            Eventually.await("the start horizon's shards are trimmed", WAIT, () -> {
                feed.trimExpired();
                return feed.listShards().stream().map(Shard::id).noneMatch(startShards::contains);
            });

            double before = RunningApp.tokensNotHonoured(Reason.TRIMMED);
            try (StreamClient again = StreamClient.resumable(fixture.channel, WHOLE_TABLE, WHOLE_TABLE, replica)) {
                fixture.assertStartsOver(again, AciRange.ALL);
            }
            assertThat(RunningApp.tokensNotHonoured(Reason.TRIMMED) - before).isOne();
        }
    }

    /** The application in memory mode over 100,000 accounts, its writer stopped, and a channel to it. */
    private static final class Fixture implements AutoCloseable {

        final RunningApp running;
        final ManagedChannel channel;

        Fixture(Map<String, String> overrides) throws InterruptedException {
            Map<String, String> config = new java.util.HashMap<>(Map.of(
                    "accountstream.demo.accounts", Integer.toString(ACCOUNTS),
                    "accountstream.page-size", Integer.toString(PAGE_SIZE)));
            config.putAll(overrides);
            running = RunningApp.start(config);
            running.memory().writer().stop();
            RunningApp.awaitReady(running.app);
            channel = running.channel();
        }

        Map<Long, Account> view(AciRange range) {
            return TableView.expected(running.memory().table(), range);
        }

        /** Records a cut-off client may receive again: one page per segment read at once. */
        int inFlight() {
            return running.app.sources().scanParallelism() * PAGE_SIZE;
        }

        /**
         * Streams the whole table into {@code replica}, asking for tokens during the snapshot, and
         * cancels once it holds half of it; answers the records received.
         */
        int cutOffHalfWay(Replica replica) throws InterruptedException {
            try (StreamClient first = StreamClient.resumable(channel, WHOLE_TABLE, WHOLE_TABLE, replica)) {
                first.awaitRecords(view(AciRange.ALL).size() / 2, WAIT);
                assertThat(first.datasetCurrent).as("cut off during the snapshot").isFalse();
                assertThat(first.pagesWithoutTokenBeforeCurrent).as("snapshot pages without a token").isZero();
                assertThat(replica.lastToken()).as("a mid-snapshot token").isNotEmpty();
                return first.recordsReceived;
            }
        }

        /** {@code client} starts over with clear_all, and then holds its range of the table. */
        void assertStartsOver(StreamClient client, AciRange range) throws InterruptedException {
            assertThat(client.next(WAIT).getClearAll()).isTrue();
            client.awaitDatasetCurrent(WAIT);
            assertThat(client.clearAlls).isOne();
            assertThat(client.replica.byE164()).isEqualTo(view(range));
        }

        @Override
        public void close() throws InterruptedException {
            RunningApp.closeChannel(channel);
            running.close();
        }
    }
}
