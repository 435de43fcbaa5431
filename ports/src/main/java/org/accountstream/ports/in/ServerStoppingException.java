package org.accountstream.ports.in;

/** The server is shutting down: the stream ends (or is not started); the client resumes elsewhere. */
public final class ServerStoppingException extends RuntimeException {

    public ServerStoppingException() {
        super("the server is shutting down");
    }
}
