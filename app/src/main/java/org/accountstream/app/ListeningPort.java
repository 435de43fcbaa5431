package org.accountstream.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.UnresolvedAddressException;

/**
 * A port this process listens on and the configuration key that sets it, so that a port that
 * cannot be bound fails the start with one line saying which key to change.
 *
 * @param listener what listens there, e.g. "gRPC"
 * @param port     0 for any free port
 */
record ListeningPort(String listener, String host, int port, String key) {

    /**
     * Binds the port for a moment, before anything starts: a port another process holds then fails
     * the start at once, instead of after seconds of start-up work on other threads. A port taken
     * between this check and the real bind still fails the start, through {@link #unavailable}.
     *
     * @throws PortUnavailableException when it cannot be bound now
     */
    void checkFree() {
        if (port == 0) {
            return;
        }
        try (ServerSocketChannel channel = ServerSocketChannel.open()) {
            channel.bind(new InetSocketAddress(host, port));
        } catch (IOException | UnresolvedAddressException e) {
            throw unavailable(e);
        }
    }

    /** The failure to report when binding failed with {@code cause}. */
    PortUnavailableException unavailable(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return unavailable(root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName());
    }

    /** The failure to report when binding failed for {@code reason}. */
    PortUnavailableException unavailable(String reason) {
        return new PortUnavailableException(listener + " cannot listen on " + host + ":" + port + " (" + reason
                + "): choose another port with " + key + "=<port>, or " + key + "=0 for any free port");
    }
}
