package org.accountstream.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * What a consumer hands back to resume (DESIGN §5): which feed and range it was reading and how
 * far (its {@link Horizon}). Clients see only the signed bytes {@link TokenCodec} makes of it.
 *
 * <p>A token handed out during a resumable snapshot also carries the snapshot's
 * {@link SnapshotProgress}; its horizon is then the snapshot's start horizon, from which the tail
 * begins once the rest of the snapshot is delivered (DESIGN §6).
 */
public record ContinuationToken(String feedId, AciRange range, Horizon horizon, Optional<SnapshotProgress> snapshot) {
    public ContinuationToken {
        Objects.requireNonNull(feedId, "feedId");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(horizon, "horizon");
        Objects.requireNonNull(snapshot, "snapshot");
    }

    /** A token of a stream that is past its snapshot. */
    public ContinuationToken(String feedId, AciRange range, Horizon horizon) {
        this(feedId, range, horizon, Optional.empty());
    }
}
