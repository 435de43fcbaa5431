package org.accountstream.lambda.local;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.accountstream.domain.Shard;
import org.accountstream.domain.ShardLineage;

/**
 * Which shards may be read now: those not read to their end whose listed parents all were.
 * Parents first is what keeps each account's changes in order, as Lambda's event source mapping
 * does: an account's writes move to a child shard when its parent closes, so reading a child
 * early would hand the filter an account's new state before its old one. A parent that is no
 * longer listed (trimmed by retention) holds nothing back.
 */
final class ReadableShards {

    private ReadableShards() {
    }

    static List<Shard> of(Collection<Shard> listed, Map<String, ShardPosition> positions) {
        ShardLineage lineage = new ShardLineage(listed);
        return listed.stream()
                .filter(shard -> !ended(shard.id(), positions))
                .filter(shard -> lineage.listedParentsOf(shard.id()).stream().allMatch(p -> ended(p, positions)))
                .toList();
    }

    private static boolean ended(String shardId, Map<String, ShardPosition> positions) {
        return positions.get(shardId) == ShardPosition.Ended.INSTANCE;
    }
}
