package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.accountstream.demo.EmbeddedDemo;
import org.accountstream.ports.contract.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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

    /**
     * An item that is not an account (here what {@code aws dynamodb put-item} of AWS CLI v1 stores
     * for an aci given in base64: its 24 ASCII bytes) reaches no client, and the scan and the
     * stream each count it in {@code accountstream_items_unreadable_total}.
     */
    @Test
    void anItemThatIsNotAnAccountIsSkippedAndCounted() throws Exception {
        AccountStreamApp app = start(Map.of(
                "accountstream.demo.accounts", "1000",
                "accountstream.demo.updates-per-second", "0.001"));
        EmbeddedDemo embedded = app.embeddedDemo();
        ManagedChannel channel = RunningApp.channel(app);
        try (DynamoDbClient outsider = DynamoDbClient.builder().endpointOverride(embedded.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("demo", "demo")))
                .build()) {
            try (StreamClient client = StreamClient.open(channel, new byte[0])) {
                client.awaitDatasetCurrent(Duration.ofSeconds(60));
                outsider.putItem(put -> put.tableName("accounts").item(Map.of(
                        "U", AttributeValue.fromB(SdkBytes.fromUtf8String("MDEyMzQ1Njc4OWFiY2RlZg==")),
                        "P", AttributeValue.fromS("+15550001234"),
                        "C", AttributeValue.fromBool(true))));
                outsider.putItem(put -> put.tableName("accounts").item(Map.of( // the same, done right
                        "U", AttributeValue.fromB(SdkBytes.fromUtf8String("0123456789abcdef")),
                        "P", AttributeValue.fromS("+15550001235"),
                        "C", AttributeValue.fromBool(true))));
                client.awaitAccount(15550001235L, Duration.ofSeconds(30));
                assertThat(client.replica.byE164()).doesNotContainKey(15550001234L);
            }
            try (StreamClient client = StreamClient.open(channel, new byte[0])) {
                client.awaitDatasetCurrent(Duration.ofSeconds(60)); // a snapshot scans the item
                assertThat(client.replica.byE164()).containsKey(15550001235L).doesNotContainKey(15550001234L);
            }
            if (!Eventually.within(Eventually.PATIENCE, () -> unreadable(app, "scan") == 1 && unreadable(app, "stream") == 1)) {
                assertThat(metrics(app).lines().filter(line -> line.startsWith("accountstream_items_unreadable")))
                        .as("the scan and the stream counted the item once each")
                        .anyMatch(line -> line.contains("read=\"scan\"") && line.endsWith(" 1.0"))
                        .anyMatch(line -> line.contains("read=\"stream\"") && line.endsWith(" 1.0"));
            }
        } finally {
            RunningApp.closeChannel(channel);
            app.close();
        }
    }

    /** {@code accountstream_items_unreadable_total{read="<read>",…}} as /observe/metrics shows it. */
    private static double unreadable(AccountStreamApp app, String read) {
        return metrics(app).lines()
                .filter(line -> line.startsWith("accountstream_items_unreadable_total{read=\"" + read + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(-1);
    }

    private static String metrics(AccountStreamApp app) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + app.httpPort() + "/observe/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static AccountStreamApp start(Map<String, String> overrides) {
        Map<String, String> config = RunningApp.loopback(Map.of("accountstream.embedded.dynamodb-port", "0"));
        config.putAll(overrides);
        return AccountStreamApp.start(Config.just(ConfigSources.create(config)));
    }
}
