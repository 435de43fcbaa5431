package org.accountstream.domain;

/** An authentic token payload that does not parse: the codec reports it as MALFORMED. */
final class MalformedTokenException extends RuntimeException {

    MalformedTokenException(String message) {
        super(message, null, false, false);
    }
}
