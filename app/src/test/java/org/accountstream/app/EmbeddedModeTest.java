package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default mode: DynamoDB Local served on a loopback port, seeded, changing, streamed. */
class EmbeddedModeTest {

    @Test
    void servesALiveStreamFromItsOwnDynamoDbLocal() throws Exception {
        AccountStreamApp app = AccountStreamApp.start(Config.just(ConfigSources.create(Map.of(
                "server.port", "0", "server.host", "127.0.0.1",
                "grpc.port", "0", "grpc.host", "127.0.0.1",
                "accountstream.embedded.dynamodb-port", "0",
                "accountstream.demo.accounts", "1000",
                "accountstream.demo.updates-per-second", "50"))));
        ManagedChannel channel = LocalDynamoDbApp.channel(app);
        try (StreamClient client = StreamClient.open(channel, new byte[0])) {
            assertThat(app.describeSources()).contains("http://127.0.0.1:");
            client.awaitDatasetCurrent(Duration.ofSeconds(60));
            int atCurrent = client.recordsReceived;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (client.recordsReceived == atCurrent && System.nanoTime() < deadline) {
                client.next(Duration.ofMillis(500));
            }
            assertThat(client.recordsReceived).as("live changes after dataset_current").isGreaterThan(atCurrent);
        } finally {
            RunningApp.closeChannel(channel);
            app.close();
        }
    }
}
