package org.accountstream.ports.in;

/** The change feed could not be read for longer than the server tolerates (throttling, outage). */
public final class UpstreamUnavailableException extends RuntimeException {
    public UpstreamUnavailableException(String message) {
        super(message);
    }
}
