package org.accountstream.domain;

/**
 * A request the server refuses outright: a malformed range or an oversized token. Transports map
 * it to INVALID_ARGUMENT / HTTP 400. Tokens the server merely cannot honour are not this
 * (see {@link TokenCheck}).
 */
public final class InvalidRequestException extends RuntimeException {
    public InvalidRequestException(String message) {
        super(message);
    }
}
