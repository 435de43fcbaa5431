package org.accountstream.app;

import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads typed values from Helidon config and fails fast, naming the key, on anything it cannot
 * use: a value of the wrong type or outside its bounds, or a key under a section this
 * application owns that it does not know (a typo would otherwise be silently ignored).
 */
final class ConfigReader {

    private final Config root;

    ConfigReader(Config root) {
        this.root = root;
    }

    /** The first key under {@code section} that is neither in {@code known} nor inside a known key (a list, a subtree). */
    Optional<String> firstUnknownKey(String section, Set<String> known) {
        return root.get(section).traverse()
                .filter(Config::isLeaf)
                .map(node -> node.key().toString())
                .filter(key -> known.stream().noneMatch(k -> key.equals(k) || key.startsWith(k + ".")))
                .findFirst();
    }

    int intValue(String key, int defaultValue, int min, int max) {
        int value = read(key, defaultValue, Integer::parseInt, "an integer");
        if (value < min || value > max) {
            throw new ConfigurationException(key + " must be in " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    double positiveDouble(String key, double defaultValue) {
        double value = read(key, defaultValue, Double::parseDouble, "a number");
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new ConfigurationException(key + " must be a positive number, got " + value);
        }
        return value;
    }

    Duration positiveDuration(String key, Duration defaultValue) {
        Duration value = read(key, defaultValue, Duration::parse, "an ISO-8601 duration such as PT10M");
        if (value.isNegative() || value.isZero()) {
            throw new ConfigurationException(key + " must be a positive duration, got " + value);
        }
        return value;
    }

    Duration nonNegativeDuration(String key, Duration defaultValue) {
        Duration value = read(key, defaultValue, Duration::parse, "an ISO-8601 duration such as PT1M");
        if (value.isNegative()) {
            throw new ConfigurationException(key + " must not be negative, got " + value);
        }
        return value;
    }

    boolean booleanValue(String key, boolean defaultValue) {
        return read(key, defaultValue, value -> switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(value);
        }, "true or false");
    }

    String stringValue(String key, String defaultValue) {
        return read(key, defaultValue, Function.identity(), "a string");
    }

    List<String> stringList(String key) {
        Config node = root.get(key);
        if (!node.exists()) {
            return List.of();
        }
        try {
            return node.isLeaf()
                    ? List.of(node.asString().get().split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList()
                    : node.asList(String.class).get();
        } catch (ConfigException e) {
            throw new ConfigurationException(key + " must be a list of strings: " + e.getMessage());
        }
    }

    private <T> T read(String key, T defaultValue, Function<String, T> parse, String expected) {
        Config node = root.get(key);
        if (!node.exists()) {
            return defaultValue;
        }
        String text;
        try {
            text = node.asString().get().strip();
        } catch (ConfigException e) {
            throw new ConfigurationException(key + " must be " + expected + ": " + e.getMessage());
        }
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException | DateTimeParseException e) { // NumberFormatException included
            throw new ConfigurationException(key + " must be " + expected + ", got '" + text + "'");
        }
    }
}
