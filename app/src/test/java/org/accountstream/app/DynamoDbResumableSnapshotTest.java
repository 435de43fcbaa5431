package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.accountstream.domain.Replica;
import org.accountstream.domain.TokenCheck.Reason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Resumable snapshots in the aws mode against DynamoDB Local (100,000 accounts, seeded once for
 * the class), across a server restart: the database outlives the application, a client that holds
 * half of its snapshot when the server stops resumes on a new server with the same token keys,
 * without clear_all, and receives only the rest; a server that cuts the table into another number
 * of segments starts over.
 */
@Timeout(180)
class DynamoDbResumableSnapshotTest {

    private static final int ACCOUNTS = 100_000;
    private static final int PAGE_SIZE = 1000;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final byte[] WHOLE_TABLE = new byte[0];

    private static LocalDynamoDbApp local;

    @BeforeAll
    static void seed() {
        local = new LocalDynamoDbApp(ACCOUNTS);
    }

    @AfterAll
    static void close() throws InterruptedException {
        local.close();
    }

    @Test
    void aClientHoldingHalfItsSnapshotWhenTheServerStopsResumesOnTheNextWithOnlyTheRest() throws Exception {
        int served = local.expected().size();
        Replica replica = new Replica();
        int before = cutOffByStopping(Server.start(Map.of()), replica, served / 2, 0);

        double resumedBefore = RunningApp.snapshotsResumed();
        try (Server second = Server.start(Map.of());
             StreamClient resumed = StreamClient.resumable(second.channel, WHOLE_TABLE, WHOLE_TABLE, replica)) {
            resumed.awaitDatasetCurrent(WAIT);
            assertThat(resumed.clearAlls).isZero();
            assertThat(resumed.recordsReceived).as("the rest, and at most the pages that were in flight")
                    .isBetween(served - before, served - before + second.inFlight());
            assertThat(replica.byE164()).isEqualTo(local.expected());
        }
        assertThat(RunningApp.snapshotsResumed() - resumedBefore).isOne();
    }

    /**
     * Writes race with the first half (two per message received), are made while no server runs,
     * and race with the second half; the start horizon the token carries replays them all.
     */
    @Test
    void writesRacingWithBothHalvesAcrossARestartConverge() throws Exception {
        long writesBefore = local.writer.writes();
        Replica replica = new Replica();
        int before = cutOffByStopping(Server.start(Map.of()), replica, local.expected().size() / 2, 2);
        for (int i = 0; i < 50; i++) {
            local.writer.writeOnce();
        }

        try (Server second = Server.start(Map.of());
             StreamClient resumed = StreamClient.resumable(second.channel, WHOLE_TABLE, WHOLE_TABLE, replica)) {
            while (!resumed.datasetCurrent) {
                assertThat(resumed.next(WAIT)).as("a message within %s", WAIT).isNotNull();
                writeTwice();
            }
            resumed.awaitView(local::expected, WAIT);
            assertThat(resumed.clearAlls).isZero();
            // Each write changes at most two accounts, each met at most once in the scan and once in the tail.
            int writes = (int) (local.writer.writes() - writesBefore);
            assertThat(resumed.recordsReceived)
                    .isLessThanOrEqualTo(local.expected().size() - before + second.inFlight() + 4 * writes);
        }
    }

    @Test
    void aMidSnapshotTokenOfAServerWithAnotherSegmentCountStartsOver() throws Exception {
        Replica replica = new Replica();
        cutOffByStopping(Server.start(Map.of("accountstream.dynamodb.segments", "64")), replica, 5 * PAGE_SIZE, 0);

        double before = RunningApp.tokensNotHonoured(Reason.OTHER_SEGMENT_COUNT);
        try (Server second = Server.start(Map.of("accountstream.dynamodb.segments", "32"));
             StreamClient again = StreamClient.resumable(second.channel, WHOLE_TABLE, WHOLE_TABLE, replica)) {
            assertThat(again.next(WAIT).getClearAll()).isTrue();
            again.awaitDatasetCurrent(WAIT);
            assertThat(again.clearAlls).isOne();
            assertThat(replica.byE164()).isEqualTo(local.expected());
        }
        assertThat(RunningApp.tokensNotHonoured(Reason.OTHER_SEGMENT_COUNT) - before).isOne();
    }

    /**
     * Streams the whole table from {@code server} into {@code replica}, asking for tokens during
     * the snapshot and making {@code writesPerMessage} writes after each message, until it holds
     * {@code records}; then stops the server under it. Answers the records received.
     */
    private static int cutOffByStopping(Server server, Replica replica, int records, int writesPerMessage)
            throws InterruptedException {
        try (StreamClient client = StreamClient.resumable(server.channel, WHOLE_TABLE, WHOLE_TABLE, replica)) {
            while (client.recordsReceived < records) {
                assertThat(client.next(WAIT)).as("a message within %s", WAIT).isNotNull();
                for (int i = 0; i < writesPerMessage; i++) {
                    local.writer.writeOnce();
                }
            }
            server.close();
            assertThat(client.datasetCurrent).as("cut off during the snapshot").isFalse();
            assertThat(client.pagesWithoutTokenBeforeCurrent).as("snapshot pages without a token").isZero();
            assertThat(replica.lastToken()).as("a mid-snapshot token").isNotEmpty();
            return client.recordsReceived;
        }
    }

    private static void writeTwice() {
        local.writer.writeOnce();
        local.writer.writeOnce();
    }

    /** The application over the class's database, ready, with a channel to it. */
    private record Server(AccountStreamApp app, ManagedChannel channel) implements AutoCloseable {

        static Server start(Map<String, String> overrides) throws InterruptedException {
            Map<String, String> config = new HashMap<>(Map.of("accountstream.page-size", Integer.toString(PAGE_SIZE)));
            config.putAll(overrides);
            AccountStreamApp app = local.start(config);
            RunningApp.awaitReady(app);
            return new Server(app, RunningApp.channel(app));
        }

        /** Records a cut-off client may receive again: one page per segment read at once. */
        int inFlight() {
            return app.sources().scanParallelism() * PAGE_SIZE;
        }

        @Override
        public void close() throws InterruptedException {
            RunningApp.closeChannel(channel);
            app.close();
        }
    }
}
