package org.accountstream.domain;

import static org.accountstream.domain.SampleShards.closed;
import static org.accountstream.domain.SampleShards.lineage;
import static org.accountstream.domain.SampleShards.open;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * <pre>
 *   A ──split──▶ B ──┐
 *     └────────▶ C ──┴─merge─▶ E      D (its parent T was trimmed)
 * </pre>
 */
class ShardLineageTest {

    private final ShardLineage forest = lineage(
            closed("A"), closed("B", "A"), closed("C", "A"), open("E", "B", "C"), open("D", "T"));

    @Test
    void listsSplitChildrenOfTheirParent() {
        assertThat(forest.childrenOf("A")).extracting(Shard::id).containsExactly("B", "C");
    }

    @Test
    void listsMergeChildUnderBothParents() {
        assertThat(forest.childrenOf("B")).extracting(Shard::id).containsExactly("E");
        assertThat(forest.childrenOf("C")).extracting(Shard::id).containsExactly("E");
    }

    @Test
    void mergeChildHasBothParentsListed() {
        assertThat(forest.listedParentsOf("E")).containsExactly("B", "C");
    }

    @Test
    void trimmedParentIsNotListedSoItsChildIsARoot() {
        assertThat(forest.contains("T")).isFalse();
        assertThat(forest.listedParentsOf("D")).isEmpty();
        assertThat(forest.ancestorsOf("D")).isEmpty();
    }

    @Test
    void childrenOfATrimmedParentAreStillFound() {
        assertThat(forest.childrenOf("T")).extracting(Shard::id).containsExactly("D");
    }

    @Test
    void ancestorsFollowBothParentsToTheRoot() {
        assertThat(forest.ancestorsOf("E")).containsExactlyInAnyOrder("A", "B", "C");
        assertThat(forest.ancestorsOf("A")).isEmpty();
    }

    @Test
    void openShardsAreThoseWithoutEndingSequence() {
        assertThat(forest.openShards()).extracting(Shard::id).containsExactly("E", "D");
    }

    @Test
    void unknownShardHasNoParentsOrChildren() {
        assertThat(forest.shard("Q")).isEmpty();
        assertThat(forest.listedParentsOf("Q")).isEmpty();
        assertThat(forest.childrenOf("Q")).isEmpty();
    }
}
