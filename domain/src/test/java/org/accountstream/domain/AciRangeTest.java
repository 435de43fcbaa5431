package org.accountstream.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AciRangeTest {

    private static final UUID LOWEST = UUID.fromString("00000000-0000-0000-0000-000000000000");
    private static final UUID BELOW_MIDDLE = UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff");
    private static final UUID MIDDLE = UUID.fromString("80000000-0000-0000-0000-000000000000");
    private static final UUID HIGHEST = UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff");

    @Test
    void ordersAcisAsUnsigned128BitNumbers() {
        assertThat(AciRange.UNSIGNED_ORDER.compare(MIDDLE, BELOW_MIDDLE)).isPositive();
        assertThat(AciRange.UNSIGNED_ORDER.compare(HIGHEST, LOWEST)).isPositive();
        assertThat(AciRange.UNSIGNED_ORDER.compare(BELOW_MIDDLE, BELOW_MIDDLE)).isZero();
    }

    @Test
    void ordersLowHalvesUnsignedToo() {
        UUID lowHalfHigh = new UUID(5, 0x8000_0000_0000_0000L);
        UUID lowHalfLow = new UUID(5, 0x7fff_ffff_ffff_ffffL);

        assertThat(AciRange.UNSIGNED_ORDER.compare(lowHalfHigh, lowHalfLow)).isPositive();
    }

    @Test
    void rangeFromMiddleHoldsTheHighestAciWhenLimitIsOpen() {
        AciRange upperHalf = new AciRange(Optional.of(MIDDLE), Optional.empty());

        assertThat(upperHalf.contains(HIGHEST)).isTrue();
        assertThat(upperHalf.contains(MIDDLE)).isTrue();
        assertThat(upperHalf.contains(BELOW_MIDDLE)).isFalse();
    }

    @Test
    void limitIsExcludedAndOpenStartReachesTheLowest() {
        AciRange lowerHalf = new AciRange(Optional.empty(), Optional.of(MIDDLE));

        assertThat(lowerHalf.contains(LOWEST)).isTrue();
        assertThat(lowerHalf.contains(BELOW_MIDDLE)).isTrue();
        assertThat(lowerHalf.contains(MIDDLE)).isFalse();
        assertThat(lowerHalf.contains(HIGHEST)).isFalse();
    }

    @Test
    void allHoldsEveryAci() {
        assertThat(AciRange.ALL.contains(LOWEST)).isTrue();
        assertThat(AciRange.ALL.contains(HIGHEST)).isTrue();
    }

    @Test
    void startAtOrAboveLimitIsAnInvalidRequest() {
        assertThatThrownBy(() -> new AciRange(Optional.of(MIDDLE), Optional.of(MIDDLE)))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> new AciRange(Optional.of(MIDDLE), Optional.of(BELOW_MIDDLE)))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void startBelowLimitInUnsignedOrderIsAccepted() {
        // Signed comparison would call this range empty: 7fff… > 8000… as signed longs.
        AciRange range = new AciRange(Optional.of(BELOW_MIDDLE), Optional.of(MIDDLE));

        assertThat(range.contains(BELOW_MIDDLE)).isTrue();
        assertThat(range.contains(MIDDLE)).isFalse();
    }

    @Test
    void emptyBoundsFromBytesAreOpen() {
        assertThat(AciRange.fromBytes(new byte[0], new byte[0])).isEqualTo(AciRange.ALL);
        assertThat(AciRange.fromBytes(null, null)).isEqualTo(AciRange.ALL);
    }

    @Test
    void sixteenByteBoundsFromBytesAreUuids() {
        AciRange range = AciRange.fromBytes(AciRange.uuidBytes(BELOW_MIDDLE), AciRange.uuidBytes(HIGHEST));

        assertThat(range).isEqualTo(new AciRange(Optional.of(BELOW_MIDDLE), Optional.of(HIGHEST)));
    }

    @Test
    void boundsThatAreNotSixteenBytesAreInvalidRequests() {
        assertThatThrownBy(() -> AciRange.fromBytes(new byte[15], new byte[0]))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> AciRange.fromBytes(new byte[0], new byte[17]))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void uuidBytesAreBigEndianAndRoundTrip() {
        byte[] bytes = AciRange.uuidBytes(MIDDLE);

        assertThat(bytes).hasSize(16);
        assertThat(bytes[0]).isEqualTo((byte) 0x80);
        assertThat(AciRange.uuidFromBytes(bytes)).isEqualTo(MIDDLE);
    }

    @Test
    void legacyRemovalWithoutAciPassesEveryRangeFilter() {
        AciRange upperHalf = new AciRange(Optional.of(MIDDLE), Optional.empty());

        assertThat(upperHalf.contains(new AccountChange.Removal(1L, null))).isTrue();
        assertThat(upperHalf.contains(new AccountChange.Removal(1L, LOWEST))).isFalse();
    }

    @Test
    void aRangeCoversTheRangesInsideItOnly() {
        AciRange upperHalf = new AciRange(Optional.of(MIDDLE), Optional.empty());
        AciRange lowerHalf = new AciRange(Optional.empty(), Optional.of(MIDDLE));
        AciRange insideUpper = new AciRange(Optional.of(MIDDLE), Optional.of(HIGHEST));

        assertThat(AciRange.ALL.covers(upperHalf)).isTrue();
        assertThat(upperHalf.covers(insideUpper)).isTrue();
        assertThat(upperHalf.covers(upperHalf)).isTrue();
        assertThat(upperHalf.covers(AciRange.ALL)).as("an open start reaches below MIDDLE").isFalse();
        assertThat(lowerHalf.covers(upperHalf)).isFalse();
        assertThat(insideUpper.covers(upperHalf)).as("an open limit reaches past HIGHEST").isFalse();
        assertThat(lowerHalf.covers(new AciRange(Optional.of(LOWEST), Optional.of(BELOW_MIDDLE)))).isTrue();
    }
}
