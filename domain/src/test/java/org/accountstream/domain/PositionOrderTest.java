package org.accountstream.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PositionOrderTest {

    private static final Position AFTER_9 = Position.after(SequenceNumber.of(9));
    private static final Position AFTER_10 = Position.after(SequenceNumber.of(10));
    private static final Position NOON = Position.atTimestamp(Instant.parse("2024-06-01T12:00:00Z"));
    private static final Position ONE = Position.atTimestamp(Instant.parse("2024-06-01T13:00:00Z"));

    @Test
    void notStartedComesFirstThenSequenceOrderAsNumbers() {
        assertThat(PositionOrder.compare(Position.notStarted(), AFTER_9)).contains(-1);
        assertThat(PositionOrder.compare(AFTER_9, Position.notStarted())).contains(1);
        assertThat(PositionOrder.compare(AFTER_9, AFTER_10)).hasValueSatisfying(c -> assertThat(c).isNegative());
        assertThat(PositionOrder.compare(Position.notStarted(), Position.notStarted())).contains(0);
    }

    @Test
    void timestampsAreOrderedAmongThemselvesOnly() {
        assertThat(PositionOrder.compare(NOON, ONE)).hasValueSatisfying(c -> assertThat(c).isNegative());
        assertThat(PositionOrder.compare(NOON, NOON)).contains(0);
        assertThat(PositionOrder.compare(NOON, AFTER_9)).isEmpty();
        assertThat(PositionOrder.compare(Position.notStarted(), NOON)).isEmpty();
    }
}
