package org.accountstream.domain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The shards a feed lists right now, as a forest (DESIGN §4).
 *
 * <pre>
 *   A ──split──▶ B ──┐
 *     └────────▶ C ──┴─merge─▶ E      D (a root whose parent was trimmed)
 * </pre>
 *
 * Retention trims old shards, so a listed shard's parent may be missing: such a shard is a root
 * here, and anything that still points at the trimmed parent (an old horizon) is stale.
 */
public final class ShardLineage {

    private final Map<String, Shard> shards = new LinkedHashMap<>();
    private final Map<String, List<Shard>> children = new LinkedHashMap<>();

    public ShardLineage(Collection<Shard> listed) {
        for (Shard shard : listed) {
            shards.put(shard.id(), shard);
        }
        for (Shard shard : listed) {
            for (String parent : shard.parentIds()) {
                children.computeIfAbsent(parent, p -> new ArrayList<>()).add(shard);
            }
        }
    }

    public boolean contains(String shardId) {
        return shards.containsKey(shardId);
    }

    public Optional<Shard> shard(String shardId) {
        return Optional.ofNullable(shards.get(shardId));
    }

    public Collection<Shard> shards() {
        return shards.values();
    }

    public List<Shard> openShards() {
        return shards.values().stream().filter(s -> !s.isClosed()).toList();
    }

    public List<Shard> childrenOf(String shardId) {
        return children.getOrDefault(shardId, List.of());
    }

    /** The listed parents of {@code shardId}; trimmed parents are not listed. */
    public List<String> listedParentsOf(String shardId) {
        Shard shard = shards.get(shardId);
        return shard == null
                ? List.of()
                : shard.parentIds().stream().filter(shards::containsKey).toList();
    }

    /** Every listed shard {@code shardId} descends from, through either parent. */
    public Set<String> ancestorsOf(String shardId) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(listedParentsOf(shardId));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next)) {
                todo.addAll(listedParentsOf(next));
            }
        }
        return seen;
    }
}
