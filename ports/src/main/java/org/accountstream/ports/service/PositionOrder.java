package org.accountstream.ports.service;

import java.util.Optional;
import org.accountstream.domain.Position;

/**
 * Orders positions within one shard: not started comes first, then sequence order. A timestamp
 * cannot be placed among sequence numbers without reading the shard, so it has no order.
 */
final class PositionOrder {

    private PositionOrder() {
    }

    static Optional<Integer> compare(Position a, Position b) {
        if (a instanceof Position.AtTimestamp || b instanceof Position.AtTimestamp) {
            return Optional.empty();
        }
        if (a instanceof Position.After x && b instanceof Position.After y) {
            return Optional.of(x.sequence().compareTo(y.sequence()));
        }
        int rankA = a instanceof Position.NotStarted ? 0 : 1;
        int rankB = b instanceof Position.NotStarted ? 0 : 1;
        return Optional.of(Integer.compare(rankA, rankB));
    }
}
