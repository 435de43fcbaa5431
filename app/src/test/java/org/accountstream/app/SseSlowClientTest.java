package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.accountstream.domain.AciRange;
import org.junit.jupiter.api.Test;

/**
 * An SSE client that stops reading mid-snapshot stalls only itself: its stream blocks in a write
 * once the socket's buffers are full, so the server holds no more than the page in flight (the
 * rest waits in the table), while another client takes a whole snapshot and live changes.
 */
class SseSlowClientTest {

    private static final int ACCOUNTS = 100_000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aStalledClientHoldsLittleAndDoesNotDelayOthers() throws Exception {
        try (RunningApp running = RunningApp.start(Map.of("accountstream.demo.accounts", String.valueOf(ACCOUNTS)));
             Socket stalled = new Socket()) {
            running.memory().writer().stop();
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", running.app.httpPort()));
            double before = recordsSent();
            stalled.getOutputStream().write(("GET /v1/accounts/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader reader = new BufferedReader(new InputStreamReader(stalled.getInputStream(),
                    StandardCharsets.UTF_8), 64);
            assertThat(reader.readLine()).isEqualTo("HTTP/1.1 200 OK"); // then it reads nothing more

            int fastReceived;
            try (SseClient fast = SseClient.open(SseClient.streamUri(running.app, ""), Map.of())) {
                fast.awaitCurrent(WAIT);
                for (int i = 0; i < 20; i++) {
                    running.memory().writer().writeOnce();
                }
                fast.awaitView(() -> TableView.expected(running.memory().table(), AciRange.ALL), WAIT);
                fastReceived = fast.recordsReceived;
            }

            // Everything sent to the fast client reached it (its view is complete and nothing was
            // written since), so the rest went to the stalled one.
            double sentToStalled = recordsSent() - before - fastReceived;
            assertThat(sentToStalled).as("records sent to a client that stopped reading").isLessThan(ACCOUNTS / 2.0);
        }
    }

    private static double recordsSent() {
        return Metrics.globalRegistry().getOrCreate(Counter.builder("accountstream.records.sent")).count();
    }
}
