package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppSettingsTest {

    private static AppSettings settings(Map<String, String> values) {
        return AppSettings.from(Config.just(ConfigSources.create(values)));
    }

    @Test
    void defaultsServeTheMemoryDemo() {
        AppSettings settings = settings(Map.of());
        assertThat(settings.mode()).isEqualTo(AppSettings.Mode.MEMORY);
        assertThat(settings.grpcPort()).isEqualTo(50051);
        assertThat(settings.pageSize()).isEqualTo(4000);
        assertThat(settings.demo().accounts()).isEqualTo(10_000);
        assertThat(settings.demo().duration()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.tokenKeys()).hasSize(1).allSatisfy(key -> assertThat(key).hasSize(32));
    }

    @Test
    void readsEveryKey() {
        AppSettings settings = settings(Map.of(
                "grpc.port", "6000",
                "accountstream.page-size", "100",
                "accountstream.demo.accounts", "5",
                "accountstream.demo.updates-per-second", "2.5",
                "accountstream.demo.duration", "PT5M",
                "accountstream.token.keys", RunningApp.TOKEN_KEY + ",AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                "accountstream.memory.shards", "2",
                "accountstream.memory.reads-per-second", "0"));
        assertThat(settings.grpcPort()).isEqualTo(6000);
        assertThat(settings.pageSize()).isEqualTo(100);
        assertThat(settings.demo()).isEqualTo(new AppSettings.Demo(5, 2.5, Duration.ofMinutes(5)));
        assertThat(settings.tokenKeys()).hasSize(2);
        assertThat(settings.memory().shards()).isEqualTo(2);
        assertThat(settings.memory().readsPerSecondPerShard()).isZero();
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
    }

    @Test
    void unrelatedGrpcEnvironmentAliasesAreTolerated() {
        // GRPC_DEFAULT_SSL_ROOTS_FILE_PATH in the environment becomes this key in Helidon config.
        assertThat(settings(Map.of("grpc.default.ssl.roots.file.path", "/etc/ssl/certs")).grpcPort()).isEqualTo(50051);
    }
}
