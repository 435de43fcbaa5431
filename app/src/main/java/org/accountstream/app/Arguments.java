package org.accountstream.app;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line after {@code -jar accountstream.jar}: configuration overrides, each spelled
 * {@code key=value}, {@code --key=value} or {@code -Dkey=value}. Anything else is refused rather
 * than ignored, so that a mistyped override cannot go unnoticed.
 */
final class Arguments {

    private Arguments() {
    }

    /**
     * The overrides in order; a key given twice takes its last value.
     *
     * @throws ConfigurationException naming the first argument that is not an override
     */
    static Map<String, String> overrides(String... args) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String arg : args) {
            String setting = arg.startsWith("--") ? arg.substring(2) : arg.startsWith("-D") ? arg.substring(2) : arg;
            int equals = setting.indexOf('=');
            if (equals < 1 || setting.startsWith("-")) {
                throw new ConfigurationException("unexpected argument '" + arg + "': arguments after the jar set"
                        + " configuration keys, as key=value, --key=value or -Dkey=value (e.g. grpc.port=6000);"
                        + " JVM options go before -jar");
            }
            overrides.put(setting.substring(0, equals), setting.substring(equals + 1));
        }
        return overrides;
    }
}
