package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.time.Duration;
import java.util.Map;
import org.accountstream.adapters.dynamodb.AccountAttributes;
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
