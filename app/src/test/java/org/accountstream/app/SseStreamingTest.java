package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.accountstream.domain.Account;
import org.accountstream.domain.AciRange;
import org.accountstream.wire.SseFrames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SSE transport end to end, in memory mode: the same stream, tokens and semantics as gRPC. */
class SseStreamingTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Account NEW_ACCOUNT =
            new Account(UUID.fromString("30313233-3435-3637-3839-616263646566"), 15_550_001_234L, true, null, null);

    private RunningApp running;

    @BeforeEach
    void start() {
        running = RunningApp.start(Map.of("accountstream.page-size", "500"));
    }

    @AfterEach
    void stop() throws InterruptedException {
        running.close();
    }

    private Map<Long, Account> tableView() {
        return TableView.expected(running.memory().table(), AciRange.ALL);
    }

    @Test
    void aFreshStreamSendsClearTheSnapshotCurrentThenLiveChanges() throws Exception {
        try (SseClient client = SseClient.open(SseClient.streamUri(running.app, ""), Map.of())) {
            assertThat(client.nextEvent(WAIT).name()).isEqualTo("clear");
            client.awaitCurrent(WAIT);
            running.memory().table().put(NEW_ACCOUNT);
            client.awaitAccount(NEW_ACCOUNT.e164(), WAIT);
            running.memory().writer().stop();
            client.awaitView(this::tableView, WAIT);
            assertThat(client.clears).isEqualTo(1);
        }
    }

    @Test
    void resumingWithTheLastEventIdSendsNoClearEvenBesideAnOlderTokenInTheUrl() throws Exception {
        running.memory().writer().stop();
        String staleToken;
        String lastId;
        SseClient first = SseClient.open(SseClient.streamUri(running.app, ""), Map.of());
        try (first) {
            first.awaitCurrent(WAIT);
            staleToken = first.lastToken();
            running.memory().table().put(NEW_ACCOUNT);
            first.awaitAccount(NEW_ACCOUNT.e164(), WAIT); // its page moves the id on
            lastId = first.lastId;
        }
        for (int i = 0; i < 50; i++) {
            running.memory().writer().writeOnce();
        }

        // EventSource reconnects to its first URL, the token it began with included, with the header
        try (SseClient resumed = SseClient.open(SseClient.streamUri(running.app, "token=" + staleToken),
                Map.of("Last-Event-ID", lastId), first.replica)) {
            resumed.awaitView(this::tableView, WAIT);
            assertThat(resumed.clears).isZero();
        }
    }

    @Test
    void theTokenParameterResumesWithoutTheHeader() throws Exception {
        running.memory().writer().stop();
        SseClient first = SseClient.open(SseClient.streamUri(running.app, ""), Map.of());
        try (first) {
            first.awaitCurrent(WAIT);
        }
        running.memory().writer().writeOnce();

        try (SseClient resumed = SseClient.open(SseClient.streamUri(running.app, "token=" + first.lastToken()),
                Map.of(), first.replica)) {
            resumed.awaitView(this::tableView, WAIT);
            assertThat(resumed.clears).isZero();
        }
    }

    /**
     * Snapshot pages carry tokens (ResumableSnapshotTest resumes from one); the clear before them
     * cannot, so a client cut off right after it starts over.
     */
    @Test
    void aClientCutOffBeforeItsFirstSnapshotPageStartsOverWithClear() throws Exception {
        running.memory().writer().stop();
        String idDuringSnapshot;
        try (SseClient first = SseClient.open(SseClient.streamUri(running.app, ""), Map.of())) {
            assertThat(first.nextEvent(WAIT).name()).isEqualTo("clear");
            idDuringSnapshot = first.lastId;
        }
        assertThat(idDuringSnapshot).isEqualTo(SseFrames.SNAPSHOT_IN_FLIGHT);

        try (SseClient again = SseClient.open(SseClient.streamUri(running.app, ""),
                Map.of("Last-Event-ID", idDuringSnapshot))) {
            assertThat(again.nextEvent(WAIT).name()).isEqualTo("clear");
            again.awaitView(this::tableView, WAIT);
        }
    }

    /** The memory table of another start holds other accounts: its tokens must not resume here. */
    @Test
    void aTokenOfAnotherStartOfTheMemoryTableStartsOverWithClear() throws Exception {
        String lastId;
        try (SseClient first = SseClient.open(SseClient.streamUri(running.app, ""), Map.of())) {
            first.awaitCurrent(WAIT);
            lastId = first.lastId;
        }
        running.close();
        running = RunningApp.start(Map.of()); // the same token keys

        try (SseClient again = SseClient.open(SseClient.streamUri(running.app, ""), Map.of("Last-Event-ID", lastId))) {
            assertThat(again.nextEvent(WAIT).name()).isEqualTo("clear");
        }
    }

    @Test
    void aStreamOfARangeHoldsThatRangeOnly() throws Exception {
        running.memory().writer().stop();
        String start = "40000000-0000-0000-0000-000000000000";
        String limit = "c0000000-0000-0000-0000-000000000000";
        try (SseClient client = SseClient.open(SseClient.streamUri(running.app, "start=" + start + "&limit=" + limit),
                Map.of())) {
            client.awaitCurrent(WAIT);
            assertThat(client.replica.byE164()).isNotEmpty()
                    .isEqualTo(TableView.expected(running.memory().table(), AciRange.fromText(start, limit)));
        }
    }

    @Test
    void theLargestTokenTheServerHonoursPassesInTheUrlAndInTheHeader() throws Exception {
        String oversized = "A".repeat(87_400); // decodes to 65,550 bytes: the service's own check answers
        try (SseClient inUrl = SseClient.open(SseClient.streamUri(running.app, "token=" + oversized), Map.of());
             SseClient inHeader = SseClient.open(SseClient.streamUri(running.app, ""), Map.of("Last-Event-ID", oversized))) {
            assertThat(inUrl.status()).isEqualTo(400);
            assertThat(inUrl.body()).contains("exceeds 65536");
            assertThat(inHeader.status()).isEqualTo(400);
            assertThat(inHeader.body()).contains("exceeds 65536");
        }
        String farTooLarge = "A".repeat(200_000);
        try (SseClient inUrl = SseClient.open(SseClient.streamUri(running.app, "token=" + farTooLarge), Map.of());
             SseClient inHeader = SseClient.open(SseClient.streamUri(running.app, ""), Map.of("Last-Event-ID", farTooLarge))) {
            assertThat(inUrl.status()).isIn(400, 414);
            assertThat(inHeader.status()).isIn(400, 431);
        }
    }

    @Test
    void overTheStreamLimitIsTooManyRequestsWithRetryAfter() throws Exception {
        running.close();
        running = RunningApp.start(Map.of("accountstream.limits.max-streams", "1"));
        try (SseClient first = SseClient.open(SseClient.streamUri(running.app, ""), Map.of());
             SseClient second = SseClient.open(SseClient.streamUri(running.app, ""), Map.of())) {
            first.awaitCurrent(WAIT);
            assertThat(second.status()).isEqualTo(429);
            assertThat(second.header("retry-after")).hasValue("5");
            assertThat(second.body()).contains("max-streams");
        }
    }

    @Test
    void stoppingTheServerEndsTheResponseAfterACompleteEvent() throws Exception {
        SseClient client = SseClient.open(SseClient.streamUri(running.app, ""), Map.of());
        client.awaitCurrent(WAIT);
        running.close();

        client.awaitEnd(WAIT);

        assertThat(client.lastId).isNotEqualTo(SseFrames.SNAPSHOT_IN_FLIGHT);
        client.close();
        running = RunningApp.start(Map.of()); // so that @AfterEach has something to close
    }
}
