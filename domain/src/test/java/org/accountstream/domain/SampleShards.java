package org.accountstream.domain;

import java.util.List;

/** Shards and lineages for tests, built from ids and parent ids only. */
final class SampleShards {

    private SampleShards() {
    }

    static Shard closed(String id, String... parents) {
        return new Shard(id, parent(parents, 0), parent(parents, 1), SequenceNumber.of(1), SequenceNumber.of(100));
    }

    static Shard open(String id, String... parents) {
        return Shard.open(id, parent(parents, 0), parent(parents, 1), SequenceNumber.of(1));
    }

    static ShardLineage lineage(Shard... shards) {
        return new ShardLineage(List.of(shards));
    }

    static Position after(long sequence) {
        return Position.after(SequenceNumber.of(sequence));
    }

    private static String parent(String[] parents, int index) {
        return parents.length > index ? parents[index] : null;
    }
}
