package org.accountstream.domain;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How far a consumer has read a change feed: for each shard being read, the {@link Position}
 * up to which its records were fully delivered (DESIGN §4). This is what a continuation token
 * carries.
 *
 * <pre>
 *   A ──▶ B ──┐          horizon {A: after 7}
 *     └─▶ C ──┴─▶ E      A read to its end      → {B: not started, C: not started}
 *                        B read to its end      → {C: after 3}        (E waits for C)
 *                        C read to its end      → {E: not started}
 * </pre>
 *
 * <p><b>Invariant: a shard is read only after all its parents are done.</b> One account's changes
 * go to one shard at a time and move to a child when the shard splits or merges, so reading a
 * child early could apply an account's new state before its old one. Closing a shard therefore
 * admits only those children whose every listed parent is done; a merge child waits for both.
 *
 * <p>"Done" needs no extra state: every root-to-leaf path of the forest crosses the horizon at
 * most once, so a shard is done exactly when it is not in the horizon and none of its ancestors
 * is (its path was crossed below it). After a crash the same horizon, replayed from its token,
 * makes the same decisions.
 *
 * <p><b>Validity:</b> retention trims shards. If a shard in the horizon is no longer listed, its
 * unread records are gone, so the horizon cannot be honoured: the consumer must start over with
 * clear-all and a fresh snapshot, never silently skip changes. Likewise every open shard must be
 * in the horizon or descend from a shard in it; an open shard the horizon cannot reach (it belongs
 * to another lineage) would never be read.
 */
public final class Horizon {

    private final SortedMap<String, Position> positions;

    private Horizon(SortedMap<String, Position> positions) {
        this.positions = Collections.unmodifiableSortedMap(positions);
    }

    public static Horizon of(Map<String, Position> positions) {
        positions.forEach((shard, position) -> {
            Objects.requireNonNull(shard, "shard id");
            Objects.requireNonNull(position, "position of " + shard);
        });
        return new Horizon(new TreeMap<>(positions));
    }

    public Map<String, Position> positions() {
        return positions;
    }

    public Set<String> shardIds() {
        return positions.keySet();
    }

    public Position positionOf(String shardId) {
        Position position = positions.get(shardId);
        if (position == null) {
            throw new IllegalArgumentException("shard " + shardId + " is not in the horizon");
        }
        return position;
    }

    public boolean contains(String shardId) {
        return positions.containsKey(shardId);
    }

    /** After delivering {@code shardId}'s records up to {@code delivered}. */
    public Horizon advance(String shardId, SequenceNumber delivered) {
        return moveTo(shardId, Position.after(delivered));
    }

    /**
     * {@code shardId} read on from {@code position}: the caller vouches that nothing the consumer
     * needs lies between its old position and this one (records up to it delivered, or all older
     * than a timestamp position that was read from).
     */
    public Horizon moveTo(String shardId, Position position) {
        positionOf(shardId);
        TreeMap<String, Position> next = new TreeMap<>(positions);
        next.put(shardId, position);
        return new Horizon(next);
    }

    /**
     * After {@code shardId}, a closed shard, was read to its end: it leaves the horizon and each
     * child whose listed parents are now all done enters it as not started.
     */
    public Horizon closeShard(String shardId, ShardLineage lineage) {
        positionOf(shardId);
        TreeMap<String, Position> next = new TreeMap<>(positions);
        next.remove(shardId);
        Horizon closed = new Horizon(next);
        for (Shard child : lineage.childrenOf(shardId)) {
            if (!next.containsKey(child.id())
                    && lineage.listedParentsOf(child.id()).stream().allMatch(p -> closed.isDone(p, lineage))) {
                next.put(child.id(), Position.notStarted());
            }
        }
        return new Horizon(next);
    }

    /** True when {@code shardId} was read to its end (see the class comment). */
    public boolean isDone(String shardId, ShardLineage lineage) {
        return !positions.containsKey(shardId)
                && lineage.ancestorsOf(shardId).stream().noneMatch(positions::containsKey);
    }

    /**
     * True when every shard in the horizon is still listed (nothing was trimmed under it) and
     * every open shard is reachable from it.
     */
    public boolean isValidAgainst(ShardLineage lineage) {
        return positions.keySet().stream().allMatch(lineage::contains)
                && lineage.openShards().stream().allMatch(open -> contains(open.id())
                        || lineage.ancestorsOf(open.id()).stream().anyMatch(this::contains));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Horizon other && positions.equals(other.positions);
    }

    @Override
    public int hashCode() {
        return positions.hashCode();
    }

    @Override
    public String toString() {
        return "Horizon" + positions;
    }
}
