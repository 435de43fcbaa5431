package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.accountstream.domain.Account;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Replica;
import org.accountstream.ports.contract.Eventually;
import org.accountstream.wire.proto.AccountDataStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A grpc-java client against the whole application in memory mode. */
class GrpcStreamingTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int PAGE_SIZE = 4000; // application.yaml's accountstream.page-size

    private RunningApp running;
    private ManagedChannel channel;

    @BeforeEach
    void start() {
        running = RunningApp.start(Map.of("accountstream.page-size", "500"));
        channel = running.channel();
    }

    @AfterEach
    void stop() throws InterruptedException {
        RunningApp.closeChannel(channel);
        running.close();
    }

    @Test
    void freshStreamSendsClearAllSnapshotDatasetCurrentThenLiveChanges() throws Exception {
        try (StreamClient client = StreamClient.open(channel, new byte[0])) {
            AccountDataStream first = client.next(WAIT);
            assertThat(first.getClearAll()).isTrue();
            client.awaitDatasetCurrent(WAIT);
            client.awaitRecordsAfterSnapshot(1, WAIT); // the demo writer's changes arrive live
            running.memory().writer().stop();
            client.awaitView(this::tableView, WAIT);
            assertThat(client.clearAlls).isEqualTo(1);
        }
    }

    private Map<Long, Account> tableView() {
        return TableView.expected(running.memory().table(), AciRange.ALL);
    }

    @Test
    void pagesNeverExceedTheConfiguredPageSize() throws Exception {
        try (StreamClient client = StreamClient.open(channel, new byte[0])) {
            int largest = 0;
            while (!client.datasetCurrent) {
                largest = Math.max(largest, client.next(WAIT).getRecordsCount());
            }
            assertThat(largest).isEqualTo(500);
        }
    }

    @Test
    void resumingWithTheLastTokenSendsNoClearAllAndNothingAlreadySeen() throws Exception {
        running.memory().writer().stop();
        Replica replica;
        try (StreamClient first = StreamClient.open(channel, new byte[0])) {
            first.awaitDatasetCurrent(WAIT); // a token (snapshot pages carry none) past every write so far
            first.awaitView(this::tableView, WAIT);
            replica = first.replica;
        }
        int writesWhileAway = 100;
        for (int i = 0; i < writesWhileAway; i++) {
            running.memory().writer().writeOnce();
        }

        try (StreamClient resumed = StreamClient.resume(channel, replica)) {
            resumed.awaitView(this::tableView, WAIT);
            assertThat(resumed.clearAlls).isZero();
            // at most two changes per write (an e164 move) and nothing from before the token
            assertThat(resumed.recordsReceived).isPositive().isLessThanOrEqualTo(2 * writesWhileAway);
        }
    }

    @Test
    void aTamperedTokenStartsOverWithClearAllAndAFullSnapshot() throws Exception {
        byte[] token;
        try (StreamClient first = StreamClient.open(channel, new byte[0])) {
            first.awaitDatasetCurrent(WAIT);
            token = first.replica.lastToken();
        }
        token[token.length / 2] ^= 1;
        running.memory().writer().stop();
        try (StreamClient again = StreamClient.open(channel, token)) {
            assertThat(again.next(WAIT).getClearAll()).isTrue();
            again.awaitDatasetCurrent(WAIT);
            assertThat(again.replica.byE164()).isEqualTo(TableView.expected(running.memory().table(), AciRange.ALL));
        }
    }

    /** A token of 1,000 AWS-shaped shards (over 22 KB) is read and not honoured: clear_all, not an error. */
    @Test
    void aThousandShardTokenStartsOverWithClearAll() throws Exception {
        running.memory().writer().stop();
        try (StreamClient client = StreamClient.open(channel, LargeTokens.thousandShards(running.memory().feed().feedId()))) {
            assertThat(client.next(WAIT).getClearAll()).isTrue();
            client.awaitDatasetCurrent(WAIT);
        }
    }

    @Test
    void aRangeConsumerReceivesOnlyItsRange() throws Exception {
        running.memory().writer().stop();
        UUID start = UUID.fromString("40000000-0000-0000-0000-000000000000");
        UUID limit = UUID.fromString("c0000000-0000-0000-0000-000000000000");
        AciRange range = AciRange.fromBytes(AciRange.uuidBytes(start), AciRange.uuidBytes(limit));
        try (StreamClient client = StreamClient.open(channel, AciRange.uuidBytes(start), AciRange.uuidBytes(limit), new byte[0])) {
            client.awaitDatasetCurrent(WAIT);
            assertThat(client.replica.byE164()).isEqualTo(TableView.expected(running.memory().table(), range))
                    .isNotEmpty();
        }
    }

    @Test
    void malformedRangeIsInvalidArgument() throws Exception {
        try (StreamClient client = StreamClient.open(channel, new byte[3], new byte[0], new byte[0])) {
            assertThatThrownBy(() -> client.next(WAIT))
                    .isInstanceOfSatisfying(StreamClient.StreamEndedException.class,
                            e -> assertThat(e.status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        }
    }

    @Test
    void startNotBelowLimitIsInvalidArgument() throws Exception {
        byte[] bound = AciRange.uuidBytes(UUID.randomUUID());
        try (StreamClient client = StreamClient.open(channel, bound, bound, new byte[0])) {
            assertThatThrownBy(() -> client.next(WAIT))
                    .isInstanceOfSatisfying(StreamClient.StreamEndedException.class,
                            e -> assertThat(e.status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        }
    }

    @Test
    void oversizedTokenIsInvalidArgumentAndTheServerKeepsServing() throws Exception {
        byte[] huge = new byte[70 * 1024];
        Arrays.fill(huge, (byte) 7);
        try (StreamClient client = StreamClient.open(channel, huge)) {
            assertThatThrownBy(() -> client.next(WAIT))
                    .isInstanceOfSatisfying(StreamClient.StreamEndedException.class,
                            e -> assertThat(e.status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        }
        try (StreamClient client = StreamClient.open(channel, new byte[0])) {
            assertThat(client.next(WAIT).getClearAll()).isTrue();
        }
    }

    @Test
    void cancellingAClientFreesItsStreamAtOnce() throws Exception {
        StreamClient client = StreamClient.open(channel, new byte[0]);
        client.next(WAIT);
        client.close();
        Eventually.await("the cancelled stream is freed", Eventually.PATIENCE,
                () -> running.app.activeGrpcStreams() == 0);
    }

    @Test
    void grpcHealthFollowsTheServicesReadiness() throws Exception {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
        HealthCheckRequest service = HealthCheckRequest.newBuilder().setService("org.signal.AccountStreamService").build();
        Eventually.await("serving once ready", Eventually.PATIENCE,
                () -> health.check(service).getStatus() == HealthCheckResponse.ServingStatus.SERVING);

        running.app.service().stop(Duration.ZERO);

        assertThat(health.check(service).getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING);
    }

    @Test
    void shutdownEndsOpenStreamsWithUnavailable() throws Exception {
        StreamClient client = StreamClient.open(channel, new byte[0]);
        client.awaitDatasetCurrent(WAIT);
        Thread closer = Thread.ofVirtual().start(() -> {
            try {
                running.app.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThatThrownBy(() -> {
            while (true) {
                client.next(WAIT);
            }
        }).isInstanceOfSatisfying(StreamClient.StreamEndedException.class,
                e -> assertThat(e.status.getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        closer.join();
        running = RunningApp.start(Map.of()); // so that @AfterEach has something to close
    }

    /**
     * A stop does not wait for a client that reads nothing: it cannot be sent a status (it would
     * wait behind unsent data), so it is reset at once and sees CANCELLED, while a reading client
     * gets UNAVAILABLE. The grace is far longer than the test may take, so a stop that waited for
     * it would time the test out.
     */
    @Test
    void stoppingResetsAClientThatReadsNothingAtOnceAndTellsAReadingOneUnavailable() throws Exception {
        RunningApp.closeChannel(channel);
        running.close();
        running = RunningApp.start(Map.of("accountstream.demo.accounts", "100000",
                "accountstream.shutdown.grace", "PT10M"));
        channel = running.channel();
        running.memory().writer().stop();
        double sentBefore = RunningApp.recordsSent();
        // A window smaller than one page: once the stalled stream hands its transport a page, the
        // transport holds it for good and the stream is no longer ready.
        ManagedChannel smallWindow = NettyChannelBuilder.forAddress("127.0.0.1", running.app.grpcPort())
                .usePlaintext().flowControlWindow(64 * 1024).build();
        StreamClient stalled = StreamClient.open(smallWindow, new byte[0]);
        stalled.next(WAIT); // then reads nothing more, mid-snapshot
        StreamClient reading = StreamClient.open(channel, new byte[0]);
        reading.awaitDatasetCurrent(WAIT);
        Eventually.await("the stalled stream sent a page its client does not read", Eventually.PATIENCE,
                () -> RunningApp.recordsSent() - sentBefore - reading.recordsReceived >= PAGE_SIZE);

        running.app.close();

        assertThat(statusAtTheEnd(reading).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(statusAtTheEnd(stalled).getCode()).isEqualTo(Status.Code.CANCELLED);
        RunningApp.closeChannel(smallWindow);
        running = RunningApp.start(Map.of()); // so that @AfterEach has something to close
        channel = running.channel();
    }

    private static Status statusAtTheEnd(StreamClient client) throws InterruptedException {
        try {
            while (true) {
                assertThat(client.next(WAIT)).as("a message or the end within %s", WAIT).isNotNull();
            }
        } catch (StreamClient.StreamEndedException e) {
            return e.status;
        }
    }
}
