package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.accountstream.domain.Account;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Frame;
import org.accountstream.domain.Replica;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Independent clients (grpc-js, Python's C-core grpcio) against the running application: each
 * receives clear_all, the snapshot, dataset_current and live changes, then reconnects with its
 * last token and receives only what it had not seen; and, having asked for resumable snapshots,
 * continues a snapshot it was cut off from.
 */
class InteropTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private RunningApp running;

    @BeforeEach
    void start() {
        running = RunningApp.start(Map.of("accountstream.demo.updates-per-second", "100",
                "accountstream.page-size", "100")); // a snapshot of many pages
    }

    @AfterEach
    void stop() throws InterruptedException {
        running.close();
    }

    @ParameterizedTest
    @EnumSource(ExternalClient.Kind.class)
    void clientStreamsThenResumesWithoutRepeats(ExternalClient.Kind kind) throws Exception {
        Replica replica = new Replica();
        try (ExternalClient client = ExternalClient.start(kind, running.app.grpcPort(), new byte[0])) {
            Frame first = client.next(WAIT);
            assertThat(first).as("first message").isNotNull();
            assertThat(first.clearAll()).isTrue();
            replica.apply(first);
            boolean current = false;
            int liveRecords = 0;
            while (liveRecords < 20) {
                Frame frame = client.next(WAIT);
                assertThat(frame).as("a message within " + WAIT).isNotNull();
                assertThat(frame.clearAll()).isFalse();
                replica.apply(frame);
                liveRecords += current ? frame.records().size() : 0;
                current |= frame.datasetCurrent();
            }
            running.memory().writer().stop();
            readUntilTheTableIsHeld(client, replica);
        }

        int writesWhileAway = 30;
        for (int i = 0; i < writesWhileAway; i++) {
            running.memory().writer().writeOnce();
        }
        try (ExternalClient resumed = ExternalClient.start(kind, running.app.grpcPort(), replica.lastToken())) {
            int received = 0;
            boolean current = false;
            while (!current) {
                Frame frame = resumed.next(WAIT);
                assertThat(frame).as("a message within " + WAIT).isNotNull();
                assertThat(frame.clearAll()).as("clear_all after resuming").isFalse();
                replica.apply(frame);
                received += frame.records().size();
                current = frame.datasetCurrent();
            }
            received += readUntilTheTableIsHeld(resumed, replica);
            // each write derives at most two records (an e164 move); nothing from before the token
            assertThat(received).isBetween(1, 2 * writesWhileAway);
        }
    }

    @ParameterizedTest
    @EnumSource(ExternalClient.Kind.class)
    void aClientThatAskedForResumableSnapshotsContinuesOneItWasCutOffFrom(ExternalClient.Kind kind) throws Exception {
        running.memory().writer().stop();
        List<String> resumable = List.of("--resumable-snapshot");
        Replica replica = new Replica();
        try (ExternalClient client = ExternalClient.start(kind, running.app.grpcPort(), new byte[0], resumable)) {
            replica.apply(client.next(WAIT)); // clear_all
            for (int page = 0; page < 3; page++) {
                Frame frame = client.next(WAIT);
                assertThat(frame.records()).as("a snapshot page").isNotEmpty();
                assertThat(frame.hasToken()).as("a snapshot page's token").isTrue();
                replica.apply(frame);
            }
        }

        try (ExternalClient resumed = ExternalClient.start(kind, running.app.grpcPort(), replica.lastToken(), resumable)) {
            int received = 0;
            for (Frame frame = resumed.next(WAIT); !frame.datasetCurrent(); frame = resumed.next(WAIT)) {
                assertThat(frame.clearAll()).as("clear_all after resuming mid-snapshot").isFalse();
                replica.apply(frame);
                received += frame.records().size();
            }
            Map<Long, Account> table = TableView.expected(running.memory().table(), AciRange.ALL);
            assertThat(replica.byE164()).isEqualTo(table);
            int rest = table.size() - 300;
            assertThat(received).as("the rest of the snapshot, give or take a page in flight").isBetween(rest, rest + 100);
        }
    }

    /** Applies messages until the replica equals the (no longer changing) table; answers the records read. */
    private int readUntilTheTableIsHeld(ExternalClient client, Replica replica) throws InterruptedException {
        Map<Long, Account> table = TableView.expected(running.memory().table(), AciRange.ALL);
        int records = 0;
        while (!replica.byE164().equals(table)) {
            Frame frame = client.next(WAIT);
            assertThat(frame).as("a message within %s (the replica holds %s accounts of %s)",
                    WAIT, replica.byE164().size(), table.size()).isNotNull();
            replica.apply(frame);
            records += frame.records().size();
        }
        return records;
    }
}
