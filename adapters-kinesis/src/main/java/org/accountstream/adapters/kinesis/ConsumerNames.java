package org.accountstream.adapters.kinesis;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Enhanced fan-out consumer names. A consumer holds one subscription per shard, so every replica
 * needs a name of its own (two replicas sharing one take each other's subscriptions over, again
 * and again); the default derives one from the host name.
 */
final class ConsumerNames {

    /** Kinesis' limit on a consumer name's length. */
    static final int MAX_LENGTH = 128;
    private static final String PREFIX = "accountstream-";

    private ConsumerNames() {
    }

    /** {@code accountstream-<host>} for this host ({@code HOSTNAME}, else what the resolver says). */
    static String ofThisHost() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                throw new IllegalStateException("cannot tell this host's name for a Kinesis consumer name; "
                        + "set accountstream.kinesis.consumer-name", e);
            }
        }
        return forHost(host);
    }

    /**
     * {@code accountstream-<host>} with every character outside Kinesis' consumer-name pattern
     * {@code [a-zA-Z0-9_.-]} replaced by {@code -}, cut to {@value #MAX_LENGTH} characters.
     */
    static String forHost(String host) {
        String name = PREFIX + host.strip().replaceAll("[^a-zA-Z0-9_.-]", "-");
        return name.length() <= MAX_LENGTH ? name : name.substring(0, MAX_LENGTH);
    }
}
