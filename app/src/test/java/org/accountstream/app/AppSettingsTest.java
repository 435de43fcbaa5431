package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.time.Duration;
import java.util.Map;
import org.accountstream.adapters.dynamodb.AccountAttributes;
import org.accountstream.demo.DemoLoad;
import org.accountstream.demo.EmbeddedDemo;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.ContinuationToken;
import org.accountstream.domain.Horizon;
import org.junit.jupiter.api.Test;

class AppSettingsTest {

    private static AppSettings settings(Map<String, String> values) {
        return AppSettings.from(Config.just(ConfigSources.create(values)));
    }

    @Test
    void defaultsServeTheEmbeddedDemo() {
        AppSettings settings = settings(Map.of());
        assertThat(settings.mode()).isEqualTo(AppSettings.Mode.EMBEDDED);
        assertThat(settings.embeddedDynamoDb().port()).isEqualTo(8000);
        assertThat(settings.dynamo().table()).isEqualTo("accounts");
        assertThat(settings.dynamo().segments()).isEqualTo(64);
        assertThat(settings.dynamo().readParallelism()).isEqualTo(8);
        assertThat(settings.dynamo().attributes()).isEqualTo(AccountAttributes.defaults());
        assertThat(settings.grpc().port()).isEqualTo(50051);
        assertThat(settings.http().port()).isEqualTo(8080);
        assertThat(settings.pageSize()).isEqualTo(4000);
        assertThat(settings.demo().accounts()).isEqualTo(10_000);
        assertThat(settings.demo().duration()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.tokenKeys()).hasSize(1).allSatisfy(key -> assertThat(key).hasSize(32));
        assertThat(settings.tokenWriteVersion()).isEqualTo(2);
        assertThat(settings.tokenCodec().writesSnapshotProgress()).isTrue();
    }

    @Test
    void tokenWriteVersionOneIsHeldBackToVersionOne() {
        AppSettings settings = settings(Map.of("accountstream.token.write-version", "1"));

        assertThat(settings.tokenWriteVersion()).isEqualTo(1);
        assertThat(settings.tokenCodec().writesSnapshotProgress()).isFalse();
        assertThat(settings.tokenCodec().encode(new ContinuationToken("feed", AciRange.ALL, Horizon.of(Map.of())))[0])
                .isEqualTo((byte) 1);
    }

    @Test
    void readsEveryKey() {
        AppSettings settings = settings(Map.ofEntries(
                Map.entry("grpc.port", "6000"),
                Map.entry("accountstream.page-size", "100"),
                Map.entry("accountstream.demo.accounts", "5"),
                Map.entry("accountstream.demo.updates-per-second", "2.5"),
                Map.entry("accountstream.demo.duration", "PT5M"),
                Map.entry("accountstream.token.keys", RunningApp.TOKEN_KEY + ",AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="),
                Map.entry("accountstream.memory.shards", "2"),
                Map.entry("accountstream.mode", "aws"),
                Map.entry("accountstream.dynamodb.table", "directory"),
                Map.entry("accountstream.dynamodb.attributes.e164", "number"),
                Map.entry("accountstream.memory.reads-per-second", "0")));
        assertThat(settings.grpc().port()).isEqualTo(6000);
        assertThat(settings.pageSize()).isEqualTo(100);
        assertThat(settings.demo()).isEqualTo(new AppSettings.Demo(5, 2.5, Duration.ofMinutes(5)));
        assertThat(settings.tokenKeys()).hasSize(2);
        assertThat(settings.memory().shards()).isEqualTo(2);
        assertThat(settings.memory().readsPerSecondPerShard()).isZero();
        assertThat(settings.mode()).isEqualTo(AppSettings.Mode.AWS);
        assertThat(settings.dynamo().table()).isEqualTo("directory");
        assertThat(settings.dynamo().attributes().e164()).isEqualTo("number");
    }

    @Test
    void eachModeReadsItsOwnFeedByDefault() {
        assertThat(settings(Map.of()).feed()).isEqualTo(AppSettings.Feed.DYNAMODB_STREAMS);
        assertThat(settings(Map.of("accountstream.mode", "aws")).feed()).isEqualTo(AppSettings.Feed.DYNAMODB_STREAMS);
        assertThat(settings(Map.of("accountstream.mode", "memory")).feed()).isEqualTo(AppSettings.Feed.MEMORY);
    }

    @Test
    void aFeedTheTableDoesNotHaveIsRefusedNamingBothKeys() {
        assertThatThrownBy(() -> settings(Map.of("accountstream.mode", "memory", "accountstream.feed", "dynamodb-streams")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("accountstream.feed=dynamodb-streams")
                .hasMessageContaining("accountstream.mode=memory");
        assertThatThrownBy(() -> settings(Map.of("accountstream.mode", "aws", "accountstream.feed", "memory")))
                .hasMessageContaining("accountstream.feed=memory").hasMessageContaining("accountstream.mode=aws");
    }

    @Test
    void theAwsTableMayBeFollowedThroughItsKinesisStream() {
        AppSettings settings = settings(Map.of("accountstream.mode", "aws", "accountstream.feed", "kinesis",
                "accountstream.kinesis.stream", "account-changes"));
        assertThat(settings.feed()).isEqualTo(AppSettings.Feed.KINESIS);
        assertThat(settings.kinesis()).isEqualTo(
                new AppSettings.Kinesis("account-changes", Duration.ofMinutes(1), 5, false, ""));

        AppSettings fanOut = settings(Map.of("accountstream.mode", "aws", "accountstream.feed", "kinesis",
                "accountstream.kinesis.stream", "account-changes", "accountstream.kinesis.clock-skew", "PT0S",
                "accountstream.kinesis.reads-per-second", "2", "accountstream.kinesis.enhanced-fan-out", "true"));
        assertThat(fanOut.kinesis().clockSkew()).isZero();
        assertThat(fanOut.kinesis().readsPerSecondPerShard()).isEqualTo(2);
        assertThat(fanOut.kinesis().consumerName()).as("one consumer per host by default")
                .startsWith("accountstream-").matches("[a-zA-Z0-9_.-]{1,128}");
    }

    @Test
    void kinesisSettingsThatCannotWorkAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> settings(Map.of("accountstream.mode", "aws", "accountstream.feed", "kinesis")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("accountstream.kinesis.stream");
        assertThatThrownBy(() -> settings(Map.of("accountstream.mode", "embedded", "accountstream.feed", "kinesis",
                "accountstream.kinesis.stream", "s")))
                .hasMessageContaining("accountstream.feed=kinesis").hasMessageContaining("accountstream.mode=embedded");
        assertThatThrownBy(() -> settings(Map.of("accountstream.kinesis.clock-skew", "-PT1S")))
                .hasMessageContaining("accountstream.kinesis.clock-skew");
        assertThatThrownBy(() -> settings(Map.of("accountstream.kinesis.reads-per-second", "6")))
                .hasMessageContaining("accountstream.kinesis.reads-per-second");
        assertThatThrownBy(() -> settings(Map.of("accountstream.kinesis.enhanced-fan-out", "yes")))
                .hasMessageContaining("accountstream.kinesis.enhanced-fan-out");
        assertThatThrownBy(() -> settings(Map.of("accountstream.kinesis.enhanced-fan-out", "true",
                "accountstream.kinesis.consumer-name", "my replica")))
                .hasMessageContaining("accountstream.kinesis.consumer-name");
    }

    @Test
    void servingLimitsAndGraceAreRead() {
        AppSettings.Serving serving = settings(Map.of(
                "accountstream.shutdown.grace", "PT2S",
                "accountstream.bookmark-interval", "PT0.5S",
                "accountstream.limits.max-streams", "100",
                "accountstream.limits.max-snapshots", "3",
                "accountstream.limits.max-streams-per-connection", "50")).serving();
        assertThat(serving).isEqualTo(new AppSettings.Serving(Duration.ofSeconds(2), Duration.ofMillis(500), 100, 3, 50));
        assertThat(settings(Map.of()).serving())
                .as("defaults: 10,000 idle streams on one machine fit, from one connection too")
                .satisfies(defaults -> {
                    assertThat(defaults.maxStreams()).isGreaterThanOrEqualTo(10_000);
                    assertThat(defaults.maxStreamsPerConnection()).isGreaterThanOrEqualTo(10_000);
                    assertThat(defaults.shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(defaults.bookmarkInterval()).isEqualTo(Duration.ofSeconds(1));
                });
    }

    /** The jar's prebuilt demo table is the one a start with application.yaml alone asks for. */
    @Test
    void theYamlsDemoIsTheOneThatComesPrebuilt() {
        AppSettings yaml = AppSettings.from(Config.just(ConfigSources.classpath("application.yaml")));
        assertThat(yaml.dynamo().table()).isEqualTo(EmbeddedDemo.Settings.DEFAULT_TABLE);
        assertThat(yaml.dynamo().attributes()).isEqualTo(AccountAttributes.defaults());
        assertThat(yaml.demo().accounts()).isEqualTo(DemoLoad.DEFAULT_ACCOUNTS);
    }

    @Test
    void bothTransportsServeByDefaultAndEitherMayBeLeftOut() {
        assertThat(settings(Map.of()).transports()).containsExactly(AppSettings.Transport.GRPC, AppSettings.Transport.SSE);
        assertThat(settings(Map.of("accountstream.transports", "sse")).transports())
                .containsExactly(AppSettings.Transport.SSE);
        assertThatThrownBy(() -> settings(Map.of("accountstream.transports", "grpc,websocket")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("accountstream.transports")
                .hasMessageContaining("websocket");
        assertThat(settings(Map.of()).sse()).isEqualTo(new AppSettings.Sse(Duration.ofSeconds(15), Duration.ofSeconds(2)));
    }

    @Test
    void clientsAreReadWithTheirRangesAndTheirSecretsNeverShow() {
        AuthSettings auth = settings(Map.of(
                "accountstream.auth.clients.0.token", "first-secret-0123456789",
                "accountstream.auth.clients.1.token", "second-secret-0123456789",
                "accountstream.auth.clients.1.start", "80000000-0000-0000-0000-000000000000",
                "accountstream.auth.protect-metrics", "true")).auth();

        assertThat(auth.clients()).hasSize(2);
        assertThat(auth.clients().get(1).range()).isEqualTo(AciRange.fromText("80000000-0000-0000-0000-000000000000", null));
        assertThat(auth.protectMetrics()).isTrue();
        assertThat(auth.toString()).doesNotContain("secret");
        assertThat(settings(Map.of()).auth().clients()).isEmpty();
    }

    @Test
    void clientsThatCannotWorkAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> settings(Map.of("accountstream.auth.clients.0.token", "short")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("accountstream.auth.clients.0.token")
                .hasMessageNotContaining("short");
        assertThatThrownBy(() -> settings(Map.of("accountstream.auth.clients.0.start", "80000000-0000-0000-0000-000000000000")))
                .hasMessageContaining("accountstream.auth.clients.0.token must be set");
        assertThatThrownBy(() -> settings(Map.of("accountstream.auth.clients.0.token", "a-long-enough-secret",
                "accountstream.auth.clients.0.start", "upper half")))
                .hasMessageContaining("accountstream.auth.clients.0")
                .hasMessageContaining("UUID");
        assertThatThrownBy(() -> settings(Map.of("accountstream.auth.clients.0.token", "a-long-enough-secret",
                "accountstream.auth.clients.0.range", "all")))
                .hasMessageContaining("accountstream.auth.clients.0.range");
        assertThatThrownBy(() -> settings(Map.of("accountstream.auth.clients.1.token", "a-long-enough-secret")))
                .hasMessageContaining("accountstream.auth.clients.1.token")
                .hasMessageContaining("without gaps");
    }

    @Test
    void unknownKeyFailsNamingIt() {
        assertThatThrownBy(() -> settings(Map.of("accountstream.page-sise", "10")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("accountstream.page-sise");
    }

    @Test
    void invalidValuesFailNamingTheKey() {
        assertThatThrownBy(() -> settings(Map.of("accountstream.page-size", "5000")))
                .hasMessageContaining("accountstream.page-size");
        assertThatThrownBy(() -> settings(Map.of("accountstream.demo.accounts", "many")))
                .hasMessageContaining("accountstream.demo.accounts");
        assertThatThrownBy(() -> settings(Map.of("accountstream.demo.duration", "10 minutes")))
                .hasMessageContaining("accountstream.demo.duration");
        assertThatThrownBy(() -> settings(Map.of("accountstream.mode", "cloud")))
                .hasMessageContaining("accountstream.mode");
        assertThatThrownBy(() -> settings(Map.of("accountstream.token.keys", "c2hvcnQ=")))
                .hasMessageContaining("accountstream.token.keys");
        for (String version : new String[] {"0", "3", "two"}) {
            assertThatThrownBy(() -> settings(Map.of("accountstream.token.write-version", version)))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("accountstream.token.write-version");
        }
        assertThatThrownBy(() -> settings(Map.of("grpc.port", "70000")))
                .hasMessageContaining("grpc.port");
        assertThatThrownBy(() -> settings(Map.of("accountstream.feed", "kafka")))
                .hasMessageContaining("accountstream.feed");
        assertThatThrownBy(() -> settings(Map.of("accountstream.dynamodb.segments", "0")))
                .hasMessageContaining("accountstream.dynamodb.segments");
        assertThatThrownBy(() -> settings(Map.of("accountstream.dynamodb.attributes.pni", "U")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("accountstream.dynamodb.attributes")
                .hasMessageContaining("distinct");
    }

    @Test
    void unrelatedGrpcEnvironmentAliasesAreTolerated() {
        // GRPC_DEFAULT_SSL_ROOTS_FILE_PATH in the environment becomes this key in Helidon config.
        assertThat(settings(Map.of("grpc.default.ssl.roots.file.path", "/etc/ssl/certs")).grpc().port()).isEqualTo(50051);
    }
}
