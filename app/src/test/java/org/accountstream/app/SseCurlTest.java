package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.accountstream.adapters.sse.SseStreamService;
import org.accountstream.domain.Account;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Replica;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/accounts/stream} as plain HTTP clients see it: the real {@code curl -N} receives
 * {@code clear}, the snapshot, {@code current} and live changes, and resumes with
 * {@code Last-Event-ID} without {@code clear} and without losing a change; a quiet stream carries
 * keep-alive comments.
 */
class SseCurlTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void curlStreamsThenResumesWithLastEventIdWithoutAClear() throws Exception {
        try (RunningApp running = RunningApp.start(Map.of())) {
            RunningApp.awaitReady(running.app);
            Replica replica = new Replica();
            String lastId;
            try (EventStreamReader curl = EventStreamReader.curl(url(running.app))) {
                List<String> names = readThroughCurrent(curl, replica);
                assertThat(names.getFirst()).isEqualTo("clear");
                assertThat(names.subList(1, names.size())).contains("records").doesNotContain("clear");
                lastId = readUntilALiveChange(curl, replica);
            }
            // the demo writer goes on meanwhile
            try (EventStreamReader curl = EventStreamReader.curl(url(running.app), "-H", "Last-Event-ID: " + lastId)) {
                assertThat(readThroughCurrent(curl, replica)).doesNotContain("clear");
                readUntilALiveChange(curl, replica);
                running.memory().writer().stop();
                Map<Long, Account> table = TableView.expected(running.memory().table(), AciRange.ALL);
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!replica.byE164().equals(table)) {
                    assertThat(System.nanoTime() - deadline).as("the replica holds the table within %s", WAIT)
                            .isNegative();
                    replica.apply(SseEvent.of(curl.nextEvent(WAIT)).frame());
                }
            }
        }
    }

    @Test
    void aQuietStreamCarriesKeepAliveComments() throws Exception {
        try (RunningApp running = RunningApp.start(Map.of("accountstream.sse.keep-alive", "PT0.2S",
                "accountstream.demo.duration", "PT0.001S"))) { // a write or none, then a quiet table
            RunningApp.awaitReady(running.app);
            try (EventStreamReader stream = EventStreamReader.get(URI.create(url(running.app)))) {
                readThroughCurrent(stream, new Replica());
                long deadline = System.nanoTime() + WAIT.toNanos();
                EventStreamReader.Item item;
                do {
                    assertThat(System.nanoTime() - deadline).as("a comment within %s", WAIT).isNegative();
                    item = stream.next(WAIT);
                } while (!(item instanceof EventStreamReader.Comment));
                assertThat(item).isEqualTo(new EventStreamReader.Comment("keep-alive"));
            }
        }
    }

    private static String url(AccountStreamApp app) {
        return "http://127.0.0.1:" + app.httpPort() + SseStreamService.PATH;
    }

    /** Reads events up to and including {@code current}, applied to the replica; answers their names. */
    private static List<String> readThroughCurrent(EventStreamReader stream, Replica replica)
            throws InterruptedException {
        List<String> names = new ArrayList<>();
        while (names.isEmpty() || !names.getLast().equals("current")) {
            SseEvent event = SseEvent.of(stream.nextEvent(WAIT));
            replica.apply(event.frame());
            names.add(event.name());
        }
        return names;
    }

    /** Reads until a {@code records} event (a change: the snapshot is over); answers its id. */
    private static String readUntilALiveChange(EventStreamReader stream, Replica replica) throws InterruptedException {
        SseEvent event;
        do {
            event = SseEvent.of(stream.nextEvent(WAIT));
            replica.apply(event.frame());
        } while (!event.name().equals("records"));
        assertThat(event.id()).as("the id of a change: its token").isNotNull().isNotEqualTo("snapshot");
        return event.id();
    }
}
