package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.accountstream.adapters.kinesis.InjectedThrottling;
import org.junit.jupiter.api.Test;

/**
 * The application in Signal's topology: snapshots from the DynamoDB table, changes from the
 * Kinesis stream its filter Lambda writes (kinesis-mock, several shards; see {@link LocalKinesisApp}).
 */
class KinesisStreamingTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int SHARDS = 4;

    /**
     * Numbers moving between accounts whose records land on different shards (so a move's upsert
     * may be read before the removal that frees the number: the aci-keyed replica's case), and
     * splits and merges while clients stream and while one is away: every replica ends equal to
     * the table.
     */
    @Test
    void replicasEqualTheTableAcrossMovesBetweenShardsAndReshards() throws Exception {
        try (LocalKinesisApp local = new LocalKinesisApp(2_000, SHARDS)) {
            AccountStreamApp app = local.start(Map.of());
            ManagedChannel channel = RunningApp.channel(app);
            List<StreamClient> clients = new ArrayList<>();
            try {
                clients.addAll(StreamClient.openCurrent(channel, 3, WAIT));
                StreamClient away = clients.removeLast();
                away.awaitView(local::expected, WAIT);
                away.close();

                NumberMoves moves = new NumberMoves(local.stream.openShards(), 6, local::put, local.table::get);
                for (int round = 0; round < 3; round++) {
                    moves.rotate();
                    for (int i = 0; i < 100; i++) {
                        local.writer.writeOnce();
                    }
                    local.stream.reshard();
                }
                moves.rotate();

                for (StreamClient client : clients) {
                    client.awaitView(local::expected, WAIT);
                }
                try (StreamClient back = StreamClient.resume(channel, away.replica);
                     StreamClient fresh = StreamClient.open(channel, new byte[0])) {
                    back.awaitView(local::expected, WAIT);
                    assertThat(back.clearAlls).as("the returning client resumed: no clear_all").isZero();
                    fresh.awaitView(local::expected, WAIT);
                }
            } finally {
                clients.forEach(StreamClient::close);
                RunningApp.closeChannel(channel);
                app.close();
            }
        }
    }

    /**
     * However many clients stream, the head of each shard is read by one shared tail, so the
     * GetRecords calls the adapter makes (counted by the adapter) are at most one per tail read,
     * and streams at the head make none of their own: 100 clients cost Kinesis what one costs.
     */
    @Test
    void getRecordsCallsDoNotGrowWithClients() throws Exception {
        for (int clients : new int[] {1, 100}) {
            try (LocalKinesisApp local = new LocalKinesisApp(200, 2)) {
                AccountStreamApp app = local.start(Map.of());
                ManagedChannel channel = RunningApp.channel(app);
                List<StreamClient> streams = new ArrayList<>();
                try {
                    for (int i = 0; i < clients; i++) {
                        streams.add(StreamClient.open(channel, new byte[0]));
                    }
                    for (StreamClient stream : streams) {
                        stream.awaitDatasetCurrent(WAIT);
                    }
                    long callsBefore = local.feed().getRecordsCalls();
                    double tailReadsBefore = RunningApp.feedReads(true);
                    double ownReadsBefore = RunningApp.feedReads(false);

                    int writes = 60;
                    for (int i = 0; i < writes; i++) {
                        local.writer.writeOnce();
                    }
                    for (StreamClient stream : streams) {
                        stream.awaitView(local::expected, WAIT);
                    }

                    long calls = local.feed().getRecordsCalls() - callsBefore;
                    double tailReads = RunningApp.feedReads(true) - tailReadsBefore;
                    System.out.printf("%d client(s): %d GetRecords calls for %d writes over 2 shards (%.2f per write),"
                            + " %.0f shared tail reads%n", clients, calls, writes, (double) calls / writes, tailReads);
                    assertThat(RunningApp.feedReads(false) - ownReadsBefore)
                            .as("reads by the %s streams themselves while at the head", clients).isZero();
                    assertThat((double) calls).as("GetRecords calls, at most one per shared tail read")
                            .isPositive().isLessThanOrEqualTo(tailReads);
                } finally {
                    streams.forEach(StreamClient::close);
                    RunningApp.closeChannel(channel);
                    app.close();
                }
            }
        }
    }

    /**
     * Kinesis refusing two reads in three (ProvisionedThroughputExceeded, injected): the tails back
     * off and read again from where they were, and the client misses no change.
     */
    @Test
    void throttledReadsAreRetriedWithoutLosingAChange() throws Exception {
        InjectedThrottling throttling = new InjectedThrottling();
        try (LocalKinesisApp local = new LocalKinesisApp(500, 2, throttling)) {
            AccountStreamApp app = local.start(Map.of());
            ManagedChannel channel = RunningApp.channel(app);
            try (StreamClient client = StreamClient.open(channel, new byte[0])) {
                client.awaitDatasetCurrent(WAIT);
                throttling.throttle(call -> call % 3 != 0);
                double throttledBefore = RunningApp.feedThrottled();
                for (int i = 0; i < 200; i++) {
                    local.writer.writeOnce();
                }

                client.awaitView(local::expected, WAIT);
                assertThat(throttling.throttled()).as("GetRecords calls Kinesis refused").isPositive();
                assertThat(RunningApp.feedThrottled() - throttledBefore).as("reads the service saw throttled")
                        .isPositive();
            } finally {
                RunningApp.closeChannel(channel);
                app.close();
            }
        }
    }
}
