package org.accountstream.application;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.accountstream.domain.AciRange;
import org.accountstream.ports.in.AccessControl;
import org.accountstream.ports.in.AccessDeniedException;
import org.accountstream.ports.out.StreamMetrics;

/**
 * The configured clients' bearer tokens, each with the aci range it may read.
 *
 * <p>Only SHA-256 digests of the secrets are kept, and a presented secret is digested and
 * compared with every client's digest in constant time, all of them every time: how long a check
 * takes says neither how much of a guess was right nor which client it came near. A range the
 * credential does not cover is refused: an open range asks for the whole keyspace, so a
 * range-limited client must name its range.
 */
public final class ClientCredentials implements AccessControl {

    /** One client: its secret and the range it may read ({@link AciRange#ALL} for everything). */
    public record Client(String secret, AciRange range) {
        @Override
        public String toString() {
            return "Client[range=" + range + "]"; // never the secret
        }
    }

    private record Known(byte[] digest, AciRange range) {
    }

    private static final Logger LOG = Logger.getLogger(ClientCredentials.class.getName());
    private static final long WARNINGS_LOGGED = 100;

    private final AtomicLong refusals = new AtomicLong();
    private final List<Known> clients;
    private final StreamMetrics metrics;

    public ClientCredentials(List<Client> clients, StreamMetrics metrics) {
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("no clients: use AccessControl.OPEN");
        }
        this.clients = clients.stream().map(client -> new Known(digest(client.secret()), client.range())).toList();
        this.metrics = metrics;
    }

    @Override
    public void authorize(Optional<String> secret, AciRange range) {
        if (!client(secret).range().covers(range)) {
            deny(AccessDeniedException.Reason.PERMISSION_DENIED);
        }
    }

    @Override
    public void authenticate(Optional<String> secret) {
        client(secret);
    }

    @Override
    public boolean required() {
        return true;
    }

    private Known client(Optional<String> secret) {
        byte[] presented = digest(secret.orElse(""));
        Known match = null;
        for (Known client : clients) {
            if (MessageDigest.isEqual(client.digest(), presented) && match == null) {
                match = client;
            }
        }
        if (match == null || secret.isEmpty()) {
            deny(AccessDeniedException.Reason.UNAUTHENTICATED);
        }
        return match;
    }

    private void deny(AccessDeniedException.Reason reason) {
        metrics.accessDenied(reason);
        long refusal = refusals.incrementAndGet();
        // Never the secret: a mistyped one is often a real one with a typo.
        LOG.log(refusal <= WARNINGS_LOGGED ? Level.WARNING : Level.FINE, () -> "refused a client: "
                + reason.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (refusal == WARNINGS_LOGGED ? " (the first " + WARNINGS_LOGGED + " refusals are logged; more at FINE)" : ""));
        throw new AccessDeniedException(reason);
    }

    private static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
