package org.accountstream.ports.in;

import java.util.Objects;
import org.accountstream.domain.AciRange;

/** A consumer's range and the token it last received (empty for a fresh stream). */
public record StreamRequest(AciRange range, byte[] continuationToken) {
    public StreamRequest {
        Objects.requireNonNull(range, "range");
        continuationToken = continuationToken == null ? new byte[0] : continuationToken.clone();
    }

    @Override
    public byte[] continuationToken() {
        return continuationToken.clone();
    }
}
