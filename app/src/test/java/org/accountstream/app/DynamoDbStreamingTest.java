package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.accountstream.domain.Account;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.ContinuationToken;
import org.accountstream.domain.Horizon;
import org.accountstream.domain.Position;
import org.accountstream.domain.SequenceNumber;
import org.accountstream.domain.TokenCodec;
import org.junit.jupiter.api.Test;

/** The application over DynamoDB Local: a parallel-scan snapshot, then the DynamoDB stream. */
class DynamoDbStreamingTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aHundredThousandAccountTableArrivesWhole() throws Exception {
        try (LocalDynamoDbApp local = new LocalDynamoDbApp(100_000)) {
            AccountStreamApp app = local.start(Map.of());
            ManagedChannel channel = RunningApp.channel(app);
            try (StreamClient client = StreamClient.open(channel, new byte[0])) {
                client.awaitDatasetCurrent(WAIT);
                assertThat(client.clearAlls).isEqualTo(1);
                assertThat(client.replica.byE164()).hasSizeGreaterThan(80_000).isEqualTo(local.expected());
            } finally {
                RunningApp.closeChannel(channel);
                app.close();
            }
        }
    }

    @Test
    void clientsStartingTogetherShareTheScan() throws Exception {
        int accounts = 20_000;
        int clients = 4;
        try (LocalDynamoDbApp local = new LocalDynamoDbApp(accounts)) {
            AccountStreamApp app = local.start(Map.of());
            ManagedChannel channel = RunningApp.channel(app);
            List<StreamClient> streams = new ArrayList<>();
            double scannedBefore = RunningApp.itemsScanned();
            try {
                for (int i = 0; i < clients; i++) {
                    streams.add(StreamClient.open(channel, new byte[0]));
                }
                Map<Long, Account> expected = local.expected();
                for (StreamClient client : streams) {
                    client.awaitDatasetCurrent(WAIT);
                    assertThat(client.replica.byE164()).isEqualTo(expected);
                }
                double scanned = RunningApp.itemsScanned() - scannedBefore;
                System.out.printf("%d clients starting together: %,.0f items scanned for a %,d-item table (%.2f×)%n",
                        clients, scanned, accounts, scanned / accounts);
                assertThat(scanned).as("items read from the table; unshared snapshots would read %s", clients * accounts)
                        .isLessThan(2.0 * accounts);
            } finally {
                for (StreamClient client : streams) {
                    client.close();
                }
                RunningApp.closeChannel(channel);
                app.close();
            }
        }
    }

    @Test
    void writesRacingWithTheScanConverge() throws Exception {
        try (LocalDynamoDbApp local = new LocalDynamoDbApp(20_000)) {
            AccountStreamApp app = local.start(Map.of("accountstream.dynamodb.segments", "16"));
            ManagedChannel channel = RunningApp.channel(app);
            local.writer.start(300, Duration.ofMinutes(1));
            try (StreamClient client = StreamClient.open(channel, new byte[0])) {
                client.awaitDatasetCurrent(WAIT);
                local.writer.stop();
                assertThat(local.writer.writes()).isPositive();
                client.awaitView(local::expected, WAIT);
            } finally {
                RunningApp.closeChannel(channel);
                app.close();
            }
        }
    }

    @Test
    void aClientResumingAfterAServerRestartReceivesOnlyLaterChanges() throws Exception {
        try (LocalDynamoDbApp local = new LocalDynamoDbApp(5_000)) {
            StreamClient first;
            AccountStreamApp app = local.start(Map.of());
            ManagedChannel channel = RunningApp.channel(app);
            try {
                first = StreamClient.open(channel, new byte[0]);
                first.awaitDatasetCurrent(WAIT);
                first.close();
            } finally {
                RunningApp.closeChannel(channel);
                app.close();
            }
            int writesWhileDown = 40;
            for (int i = 0; i < writesWhileDown; i++) {
                local.writer.writeOnce();
            }
            AccountStreamApp restarted = local.start(Map.of());
            ManagedChannel again = RunningApp.channel(restarted);
            try (StreamClient resumed = StreamClient.resume(again, first.replica)) {
                resumed.awaitDatasetCurrent(WAIT);
                resumed.awaitView(local::expected, WAIT);
                assertThat(resumed.clearAlls).isZero();
                assertThat(resumed.recordsReceived).isBetween(1, 2 * writesWhileDown);
            } finally {
                RunningApp.closeChannel(again);
                restarted.close();
            }
        }
    }

    @Test
    void aTokenWhoseShardsWereTrimmedStartsOverWithAFullSnapshot() throws Exception {
        try (LocalDynamoDbApp local = new LocalDynamoDbApp(2_000)) {
            AccountStreamApp app = local.start(Map.of());
            ManagedChannel channel = RunningApp.channel(app);
            // Authentic, for this feed and range, but its shard is no longer listed (trimmed).
            TokenCodec codec = new TokenCodec(java.util.List.of(java.util.Base64.getDecoder().decode(RunningApp.TOKEN_KEY)),
                    TokenCodec.DEFAULT_MAX_BYTES);
            byte[] token = codec.encode(new ContinuationToken(app.sources().feed().feedId(), AciRange.ALL,
                    Horizon.of(Map.of("shardId-00000000000000000000-trimmed", Position.after(SequenceNumber.of(1))))));
            try (StreamClient client = StreamClient.open(channel, token)) {
                assertThat(client.next(WAIT).getClearAll()).isTrue();
                client.awaitDatasetCurrent(WAIT);
                assertThat(client.replica.byE164()).isEqualTo(local.expected());
            } finally {
                RunningApp.closeChannel(channel);
                app.close();
            }
        }
    }
}
