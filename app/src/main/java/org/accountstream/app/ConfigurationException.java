package org.accountstream.app;

/** A configuration value the application cannot start with; the message names the key. */
public final class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }
}
