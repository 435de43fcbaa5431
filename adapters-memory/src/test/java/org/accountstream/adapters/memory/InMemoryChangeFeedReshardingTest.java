package org.accountstream.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.Position;
import org.accountstream.domain.Shard;
import org.accountstream.domain.ShardLineage;
import org.accountstream.ports.out.ShardReadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Records are routed by the aci's high 64 bits, read as an unsigned hash key. */
@Timeout(30)
class InMemoryChangeFeedReshardingTest {

    private static final long LOWEST = 0L;
    private static final long TOP_OF_LOWER_HALF = 0x7fff_ffff_ffff_ffffL;
    private static final long BOTTOM_OF_UPPER_HALF = 0x8000_0000_0000_0000L;
    private static final long HIGHEST = -1L;

    @Test
    void splitChildrenCoverTheParentsRangeHalfEach() {
        InMemoryChangeFeed feed = feed(1);
        String parent = feed.openShardIds().getFirst();

        List<String> children = feed.split(parent);
        append(feed, LOWEST);
        append(feed, TOP_OF_LOWER_HALF);
        append(feed, BOTTOM_OF_UPPER_HALF);
        append(feed, HIGHEST);

        assertThat(hashKeysIn(feed, children.getFirst())).containsExactly(LOWEST, TOP_OF_LOWER_HALF);
        assertThat(hashKeysIn(feed, children.getLast())).containsExactly(BOTTOM_OF_UPPER_HALF, HIGHEST);
        assertThat(hashKeysIn(feed, parent)).as("a closed shard takes no more records").isEmpty();
    }

    @Test
    void splitClosesTheParentAndItsChildrenNameIt() {
        InMemoryChangeFeed feed = feed(1);
        String parent = feed.openShardIds().getFirst();
        append(feed, LOWEST);

        List<String> children = feed.split(parent);

        Shard closed = shard(feed, parent);
        assertThat(closed.isClosed()).isTrue();
        assertThat(children).allSatisfy(child -> {
            assertThat(shard(feed, child).parentId()).isEqualTo(parent);
            assertThat(shard(feed, child).adjacentParentId()).isNull();
            assertThat(shard(feed, child).startingSequence()).isGreaterThan(closed.endingSequence());
        });
        assertThat(feed.read(parent, Position.notStarted(), 10)).isInstanceOfSatisfying(
                ShardReadResult.Batch.class, batch -> {
                    assertThat(batch.records()).hasSize(1);
                    assertThat(batch.shardEnded()).isTrue();
                });
        assertThat(feed.openShardIds()).containsExactlyElementsOf(children);
    }

    @Test
    void mergedChildCoversBothParentsRanges() {
        InMemoryChangeFeed feed = feed(1);
        List<String> halves = feed.split(feed.openShardIds().getFirst());

        String merged = feed.merge(halves.getFirst(), halves.getLast());
        append(feed, LOWEST);
        append(feed, HIGHEST);

        assertThat(shard(feed, merged).parentId()).isEqualTo(halves.getFirst());
        assertThat(shard(feed, merged).adjacentParentId()).isEqualTo(halves.getLast());
        assertThat(hashKeysIn(feed, merged)).containsExactly(LOWEST, HIGHEST);
        assertThat(feed.openShardIds()).containsExactly(merged);
    }

    @Test
    void mergeRequiresAdjacentOpenShards() {
        InMemoryChangeFeed feed = feed(4);
        List<String> open = feed.openShardIds();

        assertThatThrownBy(() -> feed.merge(open.get(0), open.get(2))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> feed.merge(open.get(1), open.get(0))).isInstanceOf(IllegalArgumentException.class);
        assertThat(feed.openShardIds()).as("a refused merge changes nothing").isEqualTo(open);

        feed.merge(open.get(0), open.get(1));
        assertThatThrownBy(() -> feed.merge(open.get(1), open.get(2)))
                .as("a closed shard cannot merge again").isInstanceOf(IllegalArgumentException.class);
    }

    /** The top of the hash space does not touch its bottom: ranges do not wrap around. */
    @Test
    void highestAndLowestShardsAreNotAdjacent() {
        InMemoryChangeFeed feed = feed(4);
        List<String> open = feed.openShardIds();

        assertThat(feed.adjacent(open.get(0), open.get(1))).isTrue();
        assertThat(feed.adjacent(open.getLast(), open.getFirst())).isFalse();
        assertThatThrownBy(() -> feed.merge(open.getLast(), open.getFirst()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void initialShardsCoverTheWholeHashSpace() {
        InMemoryChangeFeed feed = feed(3);
        for (long hashKey : new long[] {LOWEST, TOP_OF_LOWER_HALF, BOTTOM_OF_UPPER_HALF, HIGHEST}) {
            append(feed, hashKey);
        }

        assertThat(feed.openShardIds().stream().mapToInt(shard -> hashKeysIn(feed, shard).size()).sum())
                .isEqualTo(4);
    }

    private static InMemoryChangeFeed feed(int shards) {
        return new InMemoryChangeFeed("reshard", shards, 0, Duration.ofHours(24), Clock.systemUTC());
    }

    private static void append(InMemoryChangeFeed feed, long hashKey) {
        UUID aci = new UUID(hashKey, 1);
        feed.append(aci, List.of(new AccountChange.Removal(1, aci)));
    }

    private static List<Long> hashKeysIn(InMemoryChangeFeed feed, String shard) {
        var batch = (ShardReadResult.Batch) feed.read(shard, Position.notStarted(), 100);
        return batch.records().stream().map(r -> r.changes().getFirst().aci().getMostSignificantBits()).toList();
    }

    private static Shard shard(InMemoryChangeFeed feed, String id) {
        return new ShardLineage(feed.listShards()).shard(id).orElseThrow();
    }
}
