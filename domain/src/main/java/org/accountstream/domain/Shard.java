package org.accountstream.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One shard of a change feed. A split gives two children with the same {@code parentId}; a
 * Kinesis merge gives one child with a {@code parentId} and an {@code adjacentParentId}. An open
 * shard has no {@code endingSequence}.
 */
public record Shard(String id, String parentId, String adjacentParentId,
                    SequenceNumber startingSequence, SequenceNumber endingSequence) {

    public Shard {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("shard id is empty");
        }
    }

    public static Shard open(String id, String parentId, String adjacentParentId,
                             SequenceNumber startingSequence) {
        return new Shard(id, parentId, adjacentParentId, startingSequence, null);
    }

    public boolean isClosed() {
        return endingSequence != null;
    }

    /** The parents' ids, zero, one or two of them. */
    public List<String> parentIds() {
        List<String> parents = new ArrayList<>(2);
        if (parentId != null) {
            parents.add(parentId);
        }
        if (adjacentParentId != null) {
            parents.add(adjacentParentId);
        }
        return parents;
    }
}
