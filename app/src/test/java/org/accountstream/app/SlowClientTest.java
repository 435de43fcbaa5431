package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import java.time.Duration;
import java.util.Map;
import org.accountstream.domain.AciRange;
import org.accountstream.ports.contract.Eventually;
import org.junit.jupiter.api.Test;

/**
 * A consumer that stops reading mid-snapshot stalls only itself: the server sends it no more
 * than what the transport's windows hold (so its memory stays bounded, while another consumer
 * takes a whole snapshot), and a consumer that keeps reading gets the whole snapshot and live
 * changes as if the other were not there.
 */
class SlowClientTest {

    private static final int ACCOUNTS = 100_000;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aStalledConsumerHoldsLittleAndDoesNotDelayOthers() throws Exception {
        try (RunningApp running = RunningApp.start(Map.of("accountstream.demo.accounts", String.valueOf(ACCOUNTS)))) {
            running.memory().writer().stop();
            ManagedChannel channel = running.channel();
            try (StreamClient slow = StreamClient.open(channel, new byte[0])) {
                double before = recordsSent();
                slow.next(WAIT);

                int fastReceived;
                try (StreamClient fast = StreamClient.open(channel, new byte[0])) {
                    fast.awaitView(() -> TableView.expected(running.memory().table(), AciRange.ALL), WAIT);
                    for (int i = 0; i < 20; i++) {
                        running.memory().writer().writeOnce();
                    }
                    fast.awaitView(() -> TableView.expected(running.memory().table(), AciRange.ALL), WAIT);
                    fastReceived = fast.recordsReceived;
                }
                Eventually.await("the fast consumer's stream ended, the stalled one is still served", WAIT,
                        () -> running.app.activeGrpcStreams() == 1);

                // Every record sent to the fast consumer reached it (its view is complete and nothing
                // was written since), so the rest went to the stalled one while the other streamed
                // a whole snapshot and live changes.
                double sentToStalled = recordsSent() - before - fastReceived;
                assertThat(sentToStalled).as("records sent to a consumer that stopped reading")
                        .isLessThan(ACCOUNTS / 4.0);
            } finally {
                RunningApp.closeChannel(channel);
            }
        }
    }

    private static double recordsSent() {
        return Metrics.globalRegistry().getOrCreate(Counter.builder("accountstream.records.sent")).count();
    }
}
