package org.accountstream.ports.out;

/**
 * The table or the change feed cannot be read now (throttling that outlasted the adapter's
 * retries, an unreachable endpoint, a service error): an outage, not a bug. Adapters throw it so
 * that the service can end streams as unavailable, and retry where it can, instead of failing
 * them as internal errors.
 */
public final class SourceUnavailableException extends RuntimeException {

    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
