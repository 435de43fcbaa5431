package org.accountstream.domain;

import java.util.Optional;

/**
 * Orders positions within one shard: not started comes first, then sequence order; two
 * timestamps in time order. A timestamp cannot be placed among sequence numbers without reading
 * the shard, so a timestamp and a sequence position have no order (unless they are equal).
 */
public final class PositionOrder {

    private PositionOrder() {
    }

    public static Optional<Integer> compare(Position a, Position b) {
        if (a.equals(b)) {
            return Optional.of(0);
        }
        if (a instanceof Position.AtTimestamp x && b instanceof Position.AtTimestamp y) {
            return Optional.of(x.timestamp().compareTo(y.timestamp()));
        }
        if (a instanceof Position.AtTimestamp || b instanceof Position.AtTimestamp) {
            return Optional.empty();
        }
        if (a instanceof Position.After x && b instanceof Position.After y) {
            return Optional.of(x.sequence().compareTo(y.sequence()));
        }
        return Optional.of(a instanceof Position.NotStarted ? -1 : 1);
    }
}
