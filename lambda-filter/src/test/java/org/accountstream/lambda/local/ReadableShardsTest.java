package org.accountstream.lambda.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.accountstream.domain.SequenceNumber;
import org.accountstream.domain.Shard;
import org.junit.jupiter.api.Test;

class ReadableShardsTest {

    //   root ──▶ child ──▶ grandchild        (root and child closed; listed children first)
    private static final Shard GRANDCHILD = Shard.open("grandchild", "child", null, null);
    private static final Shard CHILD = new Shard("child", "root", null, null, SequenceNumber.of(20));
    private static final Shard ROOT = new Shard("root", null, null, null, SequenceNumber.of(10));
    private static final List<Shard> LISTED = List.of(GRANDCHILD, CHILD, ROOT);

    @Test
    void aChildWaitsUntilItsParentWasReadToItsEnd() {
        assertThat(ReadableShards.of(LISTED, Map.of())).containsExactly(ROOT);
        assertThat(ReadableShards.of(LISTED, Map.of("root", new ShardPosition.After("5")))).containsExactly(ROOT);
        assertThat(ReadableShards.of(LISTED, Map.of("root", ShardPosition.Ended.INSTANCE))).containsExactly(CHILD);
        assertThat(ReadableShards.of(LISTED, Map.of("root", ShardPosition.Ended.INSTANCE,
                "child", ShardPosition.Ended.INSTANCE))).containsExactly(GRANDCHILD);
    }

    @Test
    void aParentNoLongerListedHoldsNothingBack() {
        assertThat(ReadableShards.of(List.of(GRANDCHILD, CHILD), Map.of())).containsExactly(CHILD);
    }

    @Test
    void siblingsAreReadSideBySide() {
        Shard left = Shard.open("left", "root", null, null);
        Shard right = Shard.open("right", "root", null, null);

        assertThat(ReadableShards.of(List.of(left, right, ROOT), Map.of("root", ShardPosition.Ended.INSTANCE)))
                .containsExactly(left, right);
    }
}
