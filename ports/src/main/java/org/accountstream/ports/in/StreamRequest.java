package org.accountstream.ports.in;

import java.util.Objects;
import org.accountstream.domain.AciRange;

/**
 * A consumer's range, the token it last received (empty for a fresh stream), and whether it wants
 * tokens during its snapshot too (DESIGN §6: they describe the partial data it holds).
 */
public record StreamRequest(AciRange range, byte[] continuationToken, boolean resumableSnapshot) {
    public StreamRequest {
        Objects.requireNonNull(range, "range");
        continuationToken = continuationToken == null ? new byte[0] : continuationToken.clone();
    }

    /** A consumer that gets no token during its snapshot. */
    public StreamRequest(AciRange range, byte[] continuationToken) {
        this(range, continuationToken, false);
    }

    @Override
    public byte[] continuationToken() {
        return continuationToken.clone();
    }
}
