package org.accountstream.app;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.spi.ConfigSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A start's configuration, from four sources; a key set in more than one takes its value from
 * the first: the command-line arguments ({@link Arguments}), system properties, environment
 * variables, {@code application.yaml} (the defaults).
 *
 * <p>The sections the application reads are closed, so that a mistyped key stops the start
 * instead of being ignored. {@code accountstream} is ours alone and checked in every source (by
 * {@link AppSettings}). The keys under {@code grpc}, and those directly under {@code server}, are
 * checked in every source but the environment: Helidon turns every environment variable into a
 * key ({@code GRPC_TRACE} into {@code grpc.trace}), and other programs' variables, such as gRPC's
 * own {@code GRPC_TRACE} and {@code GRPC_VERBOSITY}, are no typo of ours. An argument must set a
 * key of one of these three sections: nothing else reads the others.
 */
final class AppConfig {

    private static final List<String> SECTIONS = List.of("accountstream", "grpc", "server");
    private static final Set<String> GRPC_KEYS = Set.of("grpc.host", "grpc.port");
    private static final Set<String> COMMON_SERVER_KEYS = Set.of("server.host", "server.port");

    private AppConfig() {
    }

    /** @throws ConfigurationException naming an unknown key and the source that set it */
    static Config load(Map<String, String> arguments) {
        rejectOutsideSections(arguments);
        Supplier<? extends ConfigSource> argumentSource = ConfigSources.create(arguments, "arguments");
        Supplier<? extends ConfigSource> yaml = ConfigSources.classpath("application.yaml");
        rejectUnknownKeys(Config.just(argumentSource), "given as an argument");
        rejectUnknownKeys(Config.just(ConfigSources.systemProperties()), "given as a system property");
        rejectUnknownKeys(Config.just(yaml), "in application.yaml");
        return Config.builder()
                .disableSystemPropertiesSource()
                .disableEnvironmentVariablesSource()
                .sources(List.of(argumentSource, ConfigSources.systemProperties(),
                        ConfigSources.environmentVariables(), yaml))
                .build();
    }

    private static void rejectOutsideSections(Map<String, String> arguments) {
        for (String key : arguments.keySet()) {
            if (SECTIONS.stream().noneMatch(section -> key.startsWith(section + "."))) {
                throw new ConfigurationException("unknown configuration key '" + key
                        + "' given as an argument; keys start with accountstream., grpc. or server.");
            }
        }
    }

    private static void rejectUnknownKeys(Config source, String where) {
        ConfigReader reader = new ConfigReader(source);
        reader.firstUnknownKey("grpc", GRPC_KEYS).ifPresent(key -> {
            throw new ConfigurationException("unknown configuration key '" + key + "' " + where + "; known keys: "
                    + GRPC_KEYS.stream().sorted().toList());
        });
        // Helidon's list is read only for a key beyond the usual two: reading it costs a cold start ~0.3 s.
        reader.firstUnknownKey("server", COMMON_SERVER_KEYS)
                .flatMap(unusual -> reader.firstUnknownKey("server", WebServerKeys.topLevel()))
                .ifPresent(key -> {
                    throw new ConfigurationException("unknown configuration key '" + key + "' " + where
                            + "; Helidon's web server reads these keys directly under server: "
                            + WebServerKeys.topLevel());
                });
    }
}
