package org.accountstream.domain;

import java.util.Objects;

/**
 * What a consumer hands back to resume (DESIGN §5): which feed and range it was reading and how
 * far (its {@link Horizon}). Clients see only the signed bytes {@link TokenCodec} makes of it.
 */
public record ContinuationToken(String feedId, AciRange range, Horizon horizon) {
    public ContinuationToken {
        Objects.requireNonNull(feedId, "feedId");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(horizon, "horizon");
    }
}
