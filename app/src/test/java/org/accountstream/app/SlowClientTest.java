package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import java.time.Duration;
import java.util.Map;
import org.accountstream.domain.AciRange;
import org.junit.jupiter.api.Test;

/**
 * A consumer that stops reading mid-snapshot stalls only itself: the server reads no further
 * than what the transport's windows hold for it (so its memory stays bounded), and a consumer
 * that keeps reading gets the whole snapshot and live changes as if the other were not there.
 */
class SlowClientTest {

    private static final int ACCOUNTS = 100_000;

    @Test
    void aStalledConsumerHoldsLittleAndDoesNotDelayOthers() throws Exception {
        try (RunningApp running = RunningApp.start(Map.of("accountstream.demo.accounts", String.valueOf(ACCOUNTS)))) {
            running.memory().writer().stop();
            ManagedChannel channel = running.channel();
            try (StreamClient slow = StreamClient.open(channel, new byte[0])) {
                double before = recordsSent();
                slow.next(Duration.ofSeconds(10));
                Thread.sleep(2000);
                double stalledAt = recordsSent() - before;
                assertThat(stalledAt).as("records sent to a consumer that stopped reading")
                        .isLessThan(ACCOUNTS / 4.0);
                Thread.sleep(1000);
                assertThat(recordsSent() - before).as("its stream stays parked").isEqualTo(stalledAt);

                try (StreamClient fast = StreamClient.open(channel, new byte[0])) {
                    fast.awaitDatasetCurrent(Duration.ofSeconds(30));
                    assertThat(fast.replica.byE164())
                            .isEqualTo(TableView.expected(running.memory().table(), AciRange.ALL));
                    int receivedBefore = fast.recordsReceived;
                    long start = System.nanoTime();
                    for (int i = 0; i < 20; i++) {
                        running.memory().writer().writeOnce();
                    }
                    while (fast.recordsReceived == receivedBefore
                            && System.nanoTime() - start < Duration.ofSeconds(5).toNanos()) {
                        fast.next(Duration.ofMillis(200));
                    }
                    assertThat(fast.recordsReceived).as("live changes reach the fast consumer")
                            .isGreaterThan(receivedBefore);
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (running.app.activeGrpcStreams() > 1 && System.nanoTime() < deadline) {
                    Thread.sleep(20); // the fast consumer's cancellation is on its way
                }
                assertThat(running.app.activeGrpcStreams()).as("the stalled stream is still served").isEqualTo(1);
            } finally {
                RunningApp.closeChannel(channel);
            }
        }
    }

    private static double recordsSent() {
        return Metrics.globalRegistry().getOrCreate(Counter.builder("accountstream.records.sent")).count();
    }
}
