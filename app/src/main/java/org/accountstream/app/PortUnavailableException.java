package org.accountstream.app;

/** A port the application must listen on cannot be bound; the message names the key that sets it. */
public final class PortUnavailableException extends RuntimeException {
    PortUnavailableException(String message) {
        super(message);
    }
}
