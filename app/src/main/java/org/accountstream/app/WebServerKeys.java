package org.accountstream.app;

import io.helidon.metadata.hson.Hson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keys directly under {@code server} that Helidon's web server reads: its own options and
 * those it inherits (a listener's: port, host, tls, ...), from the configuration metadata that
 * Helidon's jars carry ({@code META-INF/helidon/config-metadata.json}), so that they follow
 * Helidon's version. Deeper keys ({@code server.sockets.*}, {@code server.features.*}) are
 * Helidon's own business and not listed.
 */
final class WebServerKeys {

    private static final String METADATA = "META-INF/helidon/config-metadata.json";
    private static final String WEB_SERVER = "io.helidon.webserver.WebServer";

    private WebServerKeys() {
    }

    /** {@code server.port}, {@code server.host}, {@code server.sockets}, ... read once, at the first call. */
    static Set<String> topLevel() {
        return Holder.KEYS;
    }

    private static final class Holder {
        static final Set<String> KEYS = read();
    }

    private static Set<String> read() {
        Map<String, Hson.Struct> types = configuredTypes();
        Set<String> keys = new TreeSet<>();
        addOptions(WEB_SERVER, types, keys);
        return Collections.unmodifiableSet(keys);
    }

    private static void addOptions(String typeName, Map<String, Hson.Struct> types, Set<String> keys) {
        Hson.Struct type = types.get(typeName);
        if (type == null) {
            throw new IllegalStateException("Helidon's configuration metadata does not describe " + typeName);
        }
        for (Hson.Struct option : type.structArray("options").orElse(List.of())) {
            option.stringValue("key").ifPresent(key -> keys.add("server." + key));
        }
        for (String inherited : type.stringArray("inherits").orElse(List.of())) {
            addOptions(inherited, types, keys);
        }
    }

    /** Every configured type described on the class path, by name. */
    private static Map<String, Hson.Struct> configuredTypes() {
        Map<String, Hson.Struct> types = new HashMap<>();
        try {
            for (URL url : Collections.list(WebServerKeys.class.getClassLoader().getResources(METADATA))) {
                try (InputStream in = url.openStream()) {
                    for (Hson.Struct module : Hson.parse(in).asArray().getStructs()) {
                        for (Hson.Struct type : module.structArray("types").orElse(List.of())) {
                            type.stringValue("type").ifPresent(name -> types.put(name, type));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading Helidon's configuration metadata", e);
        }
        return types;
    }
}
