package org.accountstream.ports.in;

/** The server already serves as many streams as it is configured to; the client should retry later or elsewhere. */
public final class TooManyStreamsException extends RuntimeException {

    public TooManyStreamsException(int maxStreams) {
        super("this server serves at most " + maxStreams + " streams at once (limit max-streams); retry later");
    }
}
