package org.accountstream.ports.in;

/**
 * The table or the change feed could not be read for longer than the server tolerates
 * (throttling, outage): the stream ends, and the client should come back later.
 */
public final class UpstreamUnavailableException extends RuntimeException {
    public UpstreamUnavailableException(String message) {
        super(message);
    }

    public UpstreamUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
