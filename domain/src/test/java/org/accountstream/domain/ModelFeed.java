package org.accountstream.domain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A change feed in miniature for property tests: a forest of shards over 64 hash slots.
 *
 * <pre>
 *   s0 [0,32)  ──split──▶ s2 [0,16)  ──┐
 *              └────────▶ s3 [16,32) ──┴─merge─▶ s4 [0,32)
 *   s1 [32,64) ─────────────────────────────────────────▶ (open)
 * </pre>
 *
 * The open shards always cover every slot once; an account's records go to the open shard
 * owning its slot, so one account's records move to a child on a split or merge, as in Kinesis.
 * One clock stamps every record, split, merge and close: sequence numbers grow across the whole
 * feed (50+ digits, so they must be compared as numbers), and a record's sequence number tells
 * when it was written. Retention trims whole closed shards, oldest first.
 */
final class ModelFeed {

    static final int SLOTS = 64;
    private static final BigInteger BASE = BigInteger.TEN.pow(50);

    private static final class ModelShard {
        final String id;
        final String parentId;
        final String adjacentParentId;
        final int from;
        final int to;
        final SequenceNumber starting;
        final List<FeedRecord> records = new ArrayList<>();
        SequenceNumber ending;
        boolean trimmed;

        ModelShard(String id, String parentId, String adjacentParentId, int from, int to, SequenceNumber starting) {
            this.id = id;
            this.parentId = parentId;
            this.adjacentParentId = adjacentParentId;
            this.from = from;
            this.to = to;
            this.starting = starting;
        }

        boolean isOpen() {
            return ending == null;
        }
    }

    private final Map<String, ModelShard> shards = new LinkedHashMap<>();
    private long clock;

    ModelFeed(int roots) {
        for (int i = 0; i < roots; i++) {
            add(null, null, i * SLOTS / roots, (i + 1) * SLOTS / roots);
        }
    }

    static int slotOf(UUID aci) {
        return Math.floorMod(aci.hashCode(), SLOTS);
    }

    void append(UUID aci, List<AccountChange> changes) {
        int slot = slotOf(aci);
        ModelShard owner = open().stream().filter(s -> s.from <= slot && slot < s.to).findFirst().orElseThrow();
        owner.records.add(new FeedRecord(tick(), changes));
    }

    void splitAnyShard(Random random) {
        List<ModelShard> splittable = open().stream().filter(s -> s.to - s.from >= 2).toList();
        if (splittable.isEmpty()) {
            return;
        }
        ModelShard parent = splittable.get(random.nextInt(splittable.size()));
        int middle = (parent.from + parent.to) / 2;
        close(parent);
        add(parent.id, null, parent.from, middle);
        add(parent.id, null, middle, parent.to);
    }

    void mergeAnyNeighbours(Random random) {
        List<ModelShard> open = open();
        if (open.size() < 2) {
            return;
        }
        int left = random.nextInt(open.size() - 1);
        ModelShard low = open.get(left);
        ModelShard high = open.get(left + 1);
        close(low);
        close(high);
        add(low.id, high.id, low.from, high.to);
    }

    /** Retention: closed shards whose ending is older than {@code age} ticks leave the listing. */
    void trimShardsClosedLongerThan(long age) {
        BigInteger cutoff = BASE.add(BigInteger.valueOf(clock - age));
        for (ModelShard shard : shards.values()) {
            if (!shard.isOpen() && shard.ending.value().compareTo(cutoff) < 0) {
                shard.trimmed = true;
            }
        }
    }

    ShardLineage lineage() {
        return new ShardLineage(shards.values().stream()
                .filter(s -> !s.trimmed)
                .map(s -> new Shard(s.id, s.parentId, s.adjacentParentId, s.starting, s.ending))
                .toList());
    }

    boolean isClosed(String shardId) {
        return !listed(shardId).isOpen();
    }

    /** The records a reader at {@code position} has not yet seen. */
    List<FeedRecord> recordsAfter(String shardId, Position position) {
        List<FeedRecord> records = listed(shardId).records;
        return switch (position) {
            case Position.NotStarted notStarted -> List.copyOf(records);
            case Position.After after ->
                    records.stream().filter(r -> r.sequence().compareTo(after.sequence()) > 0).toList();
            case Position.AtTimestamp at -> throw new UnsupportedOperationException("the model has no timestamps");
        };
    }

    /** The start horizon of a fresh stream: the last record each open shard holds now (DESIGN §6). */
    Horizon head() {
        Map<String, Position> head = new LinkedHashMap<>();
        for (ModelShard shard : open()) {
            head.put(shard.id, shard.records.isEmpty()
                    ? Position.notStarted()
                    : Position.after(shard.records.getLast().sequence()));
        }
        return Horizon.of(head);
    }

    private ModelShard listed(String shardId) {
        ModelShard shard = shards.get(shardId);
        if (shard == null || shard.trimmed) {
            throw new IllegalStateException("shard " + shardId + " is not listed: reading it is a bug");
        }
        return shard;
    }

    private List<ModelShard> open() {
        return shards.values().stream()
                .filter(ModelShard::isOpen)
                .sorted(Comparator.comparingInt(s -> s.from))
                .toList();
    }

    private void add(String parentId, String adjacentParentId, int from, int to) {
        String id = "shardId-" + shards.size();
        shards.put(id, new ModelShard(id, parentId, adjacentParentId, from, to, tick()));
    }

    private void close(ModelShard shard) {
        shard.ending = tick();
    }

    private SequenceNumber tick() {
        return new SequenceNumber(BASE.add(BigInteger.valueOf(++clock)));
    }
}
