package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.accountstream.adapters.sse.SseStreamService;
import org.junit.jupiter.api.Test;

/**
 * An independent {@code EventSource} (the npm {@code eventsource} package) across a server
 * restart: the server's response ends, the client reconnects by itself to the same URL with
 * {@code Last-Event-ID}, and the restarted server, reading the same DynamoDB table and stream,
 * honours it: no {@code clear}, and no change lost, though the table kept changing throughout.
 *
 * <p>The reconnection may find the new server listening but not yet ready (its change feed warms
 * up for 0.1–1.5 s here: the DynamoDB stream is read to its tip). {@code EventSource} would give
 * up for good on a 503, so the server holds such a request until it is ready; it failed in 5 of
 * 10 runs when the server answered 503 instead.
 */
class SseResumeTest {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void eventSourceResumesAcrossARestartWithoutLosingAChange() throws Exception {
        // EventSource reconnects to the URL it was given: both servers listen on one port.
        int httpPort = AppProcess.freePort();
        Map<String, String> config = Map.of("server.port", Integer.toString(httpPort),
                "accountstream.transports", "sse");
        String url = "http://127.0.0.1:" + httpPort + SseStreamService.PATH;
        try (LocalDynamoDbApp local = new LocalDynamoDbApp(5_000)) {
            AccountStreamApp app = local.start(config);
            try {
                RunningApp.awaitReady(app);
                try (SseConsumer client = SseConsumer.start(url)) {
                    client.awaitCurrents(1, WAIT);
                    local.writer.start(100, Duration.ofMinutes(10));
                    app.close();
                    app = null;
                    for (int i = 0; i < 20; i++) {
                        local.writer.writeOnce(); // changes made while no server runs, whatever the timing
                    }
                    app = local.start(config);
                    client.awaitOpens(2, WAIT);
                    client.awaitCurrents(2, WAIT);
                    local.writer.stop();
                    client.awaitView(local::expected, WAIT);
                    System.out.printf("EventSource across a restart: %d connections, %d clear; errors: %s%n",
                            client.opens, client.clears, client.errors);
                    assertThat(client.clears).as("clear events: the first connection's only").isEqualTo(1);
                }
            } finally {
                if (app != null) {
                    app.close();
                }
            }
        }
    }
}
