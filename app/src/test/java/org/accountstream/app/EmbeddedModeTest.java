package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The default mode: DynamoDB Local served on a loopback port, seeded, changing, streamed. */
@Timeout(180)
class EmbeddedModeTest {

    @Test
    void servesALiveStreamFromItsOwnDynamoDbLocal() throws Exception {
        AccountStreamApp app = start(Map.of(
                "accountstream.demo.accounts", "1000",
                "accountstream.demo.updates-per-second", "50"));
        ManagedChannel channel = RunningApp.channel(app);
        try (StreamClient client = StreamClient.open(channel, new byte[0])) {
            assertThat(app.describeSources()).contains("http://127.0.0.1:");
            client.awaitDatasetCurrent(Duration.ofSeconds(60));
            client.awaitRecordsAfterSnapshot(client.recordsAfterSnapshot + 1, Duration.ofSeconds(20)); // live changes
        } finally {
            RunningApp.closeChannel(channel);
            app.close();
        }
    }

    /** The default demo table is not seeded at start but copied from the one the build made. */
    @Test
    void theDefaultDemoStartsFromACopyOfThePrebuiltTable() throws Exception {
        List<Path> scratchBefore = EmbeddedDynamoDbTest.scratchDirectories();
        AccountStreamApp app = start(Map.of("accountstream.demo.updates-per-second", "50"));
        EmbeddedMode embedded = (EmbeddedMode) app.sources();
        ManagedChannel channel = RunningApp.channel(app);
        try (StreamClient client = StreamClient.open(channel, new byte[0])) {
            assertThat(EmbeddedDynamoDbTest.scratchDirectories()).as("the copy's directory")
                    .hasSize(scratchBefore.size() + 1);
            client.awaitDatasetCurrent(Duration.ofSeconds(60));
            long writesAtCurrent = embedded.writer().writes();
            while (embedded.writer().writes() < writesAtCurrent + 100) {
                client.next(Duration.ofMillis(100)); // the demo writer works on the adopted accounts
            }
            embedded.writer().stop();
            for (int i = 0; i < 300; i++) {
                embedded.writer().writeOnce(); // throws if it believes in an account the table lacks
            }
            client.awaitView(() -> TableView.expected(embedded.snapshots()), Duration.ofSeconds(30));

            assertThat(client.replica.byE164()).hasSizeGreaterThan(8_000);
        } finally {
            RunningApp.closeChannel(channel);
            app.close();
        }
        assertThat(EmbeddedDynamoDbTest.scratchDirectories()).as("deleted at close").isEqualTo(scratchBefore);
    }

    @Test
    void aPrebuiltTableThatCannotBeCopiedIsSeededInstead() {
        assertThat(EmbeddedMode.openCopy(file -> {
            throw new IOException("no space left on device");
        })).isEmpty();
    }

    private static AccountStreamApp start(Map<String, String> overrides) {
        Map<String, String> config = RunningApp.loopback(Map.of("accountstream.embedded.dynamodb-port", "0"));
        config.putAll(overrides);
        return AccountStreamApp.start(Config.just(ConfigSources.create(config)));
    }
}
