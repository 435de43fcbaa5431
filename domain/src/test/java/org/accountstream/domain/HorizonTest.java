package org.accountstream.domain;

import static org.accountstream.domain.SampleShards.after;
import static org.accountstream.domain.SampleShards.closed;
import static org.accountstream.domain.SampleShards.lineage;
import static org.accountstream.domain.SampleShards.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * <pre>
 *   A ──split──▶ B ──┐
 *     └────────▶ C ──┴─merge─▶ E
 * </pre>
 */
class HorizonTest {

    private static final Position NOT_STARTED = Position.notStarted();

    private final ShardLineage forest = lineage(closed("A"), closed("B", "A"), closed("C", "A"), open("E", "B", "C"));

    @Test
    void advanceRecordsTheLastDeliveredSequence() {
        Horizon horizon = Horizon.of(Map.of("A", NOT_STARTED)).advance("A", SequenceNumber.of(7));

        assertThat(horizon.positionOf("A")).isEqualTo(after(7));
    }

    @Test
    void advancingAShardOutsideTheHorizonThrows() {
        Horizon horizon = Horizon.of(Map.of("A", NOT_STARTED));

        assertThatThrownBy(() -> horizon.advance("B", SequenceNumber.of(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void advanceLeavesTheOriginalUnchanged() {
        Horizon original = Horizon.of(Map.of("A", NOT_STARTED));

        original.advance("A", SequenceNumber.of(7));

        assertThat(original.positionOf("A")).isEqualTo(NOT_STARTED);
    }

    @Test
    void closingASplitParentAdmitsBothChildren() {
        Horizon horizon = Horizon.of(Map.of("A", after(7))).closeShard("A", forest);

        assertThat(horizon.positions()).isEqualTo(Map.of("B", NOT_STARTED, "C", NOT_STARTED));
    }

    @Test
    void mergeChildWaitsForTheRightParentWhenTheLeftClosesFirst() {
        Horizon leftDone = Horizon.of(Map.of("B", after(5), "C", after(3))).closeShard("B", forest);

        assertThat(leftDone.positions()).isEqualTo(Map.of("C", after(3)));
        assertThat(leftDone.closeShard("C", forest).positions()).isEqualTo(Map.of("E", NOT_STARTED));
    }

    @Test
    void mergeChildWaitsForTheLeftParentWhenTheRightClosesFirst() {
        Horizon rightDone = Horizon.of(Map.of("B", after(5), "C", after(3))).closeShard("C", forest);

        assertThat(rightDone.positions()).isEqualTo(Map.of("B", after(5)));
        assertThat(rightDone.closeShard("B", forest).positions()).isEqualTo(Map.of("E", NOT_STARTED));
    }

    @Test
    void mergeChildWaitsWhileTheOtherParentIsNotEvenStarted() {
        // A was split; C entered the horizon with B, so E must wait for C although C is untouched.
        Horizon horizon = Horizon.of(Map.of("A", after(9)))
                .closeShard("A", forest)
                .closeShard("B", forest);

        assertThat(horizon.positions()).isEqualTo(Map.of("C", NOT_STARTED));
    }

    @Test
    void trimmedParentCountsAsDoneForItsChild() {
        ShardLineage cTrimmed = lineage(closed("B"), open("E", "B", "C"));

        Horizon horizon = Horizon.of(Map.of("B", after(5))).closeShard("B", cTrimmed);

        assertThat(horizon.positions()).isEqualTo(Map.of("E", NOT_STARTED));
    }

    @Test
    void closingAShardOutsideTheHorizonThrows() {
        Horizon horizon = Horizon.of(Map.of("B", after(5)));

        assertThatThrownBy(() -> horizon.closeShard("C", forest)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shardIsDoneOnlyWhenNeitherItNorAnAncestorIsInTheHorizon() {
        Horizon horizon = Horizon.of(Map.of("B", after(5), "C", NOT_STARTED)).closeShard("B", forest);

        assertThat(horizon.isDone("A", forest)).isTrue();
        assertThat(horizon.isDone("B", forest)).isTrue();
        assertThat(horizon.isDone("C", forest)).isFalse();
        assertThat(horizon.isDone("E", forest)).isFalse();
    }

    @Test
    void horizonWhoseShardsAreListedAndReachEveryOpenShardIsValid() {
        assertThat(Horizon.of(Map.of("A", after(1))).isValidAgainst(forest)).isTrue();
        assertThat(Horizon.of(Map.of("B", after(1), "C", NOT_STARTED)).isValidAgainst(forest)).isTrue();
        assertThat(Horizon.of(Map.of("E", NOT_STARTED)).isValidAgainst(forest)).isTrue();
    }

    @Test
    void horizonNamingATrimmedShardIsInvalid() {
        ShardLineage aTrimmed = lineage(closed("B", "A"), closed("C", "A"), open("E", "B", "C"));

        assertThat(Horizon.of(Map.of("A", after(1))).isValidAgainst(aTrimmed)).isFalse();
    }

    @Test
    void horizonThatCannotReachAnOpenShardIsInvalid() {
        ShardLineage withOtherRoot = lineage(closed("A"), closed("B", "A"), closed("C", "A"),
                open("E", "B", "C"), open("F"));

        assertThat(Horizon.of(Map.of("A", after(1))).isValidAgainst(withOtherRoot)).isFalse();
    }

    @Test
    void emptyHorizonIsInvalidWhileShardsAreOpen() {
        assertThat(Horizon.of(Map.of()).isValidAgainst(forest)).isFalse();
    }

    @Test
    void positionOfAShardOutsideTheHorizonThrows() {
        assertThatThrownBy(() -> Horizon.of(Map.of()).positionOf("A")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void horizonsWithEqualPositionsAreEqual() {
        assertThat(Horizon.of(Map.of("A", after(3), "B", NOT_STARTED)))
                .isEqualTo(Horizon.of(Map.of("B", NOT_STARTED, "A", after(3))))
                .isNotEqualTo(Horizon.of(Map.of("A", after(4), "B", NOT_STARTED)));
    }
}
