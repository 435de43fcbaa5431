package org.accountstream.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SequenceNumberTest {

    private static final String SIXTY_DIGITS = "123456789012345678901234567890123456789012345678901234567890";

    @Test
    void comparesAsNumbersNotAsStrings() {
        assertThat(SequenceNumber.of("9")).isLessThan(SequenceNumber.of("10"));
        assertThat(SequenceNumber.of("100")).isGreaterThan(SequenceNumber.of("99"));
    }

    @Test
    void ordersSixtyDigitSequenceNumbers() {
        SequenceNumber big = SequenceNumber.of(SIXTY_DIGITS);
        SequenceNumber next = SequenceNumber.of(SIXTY_DIGITS.substring(0, 59) + "1");
        SequenceNumber shorter = SequenceNumber.of(SIXTY_DIGITS.substring(1));

        assertThat(SIXTY_DIGITS).hasSize(60);
        assertThat(big).isLessThan(next);
        assertThat(shorter).isLessThan(big);
        assertThat(big.toString()).isEqualTo(SIXTY_DIGITS);
    }

    @Test
    void equalValuesAreEqualWhateverTheLeadingZeros() {
        assertThat(SequenceNumber.of("007")).isEqualTo(SequenceNumber.of(7));
        assertThat(SequenceNumber.of("0")).isEqualByComparingTo(SequenceNumber.of(0));
    }

    @Test
    void rejectsNegativeValues() {
        assertThatThrownBy(() -> SequenceNumber.of(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SequenceNumber(BigInteger.valueOf(-5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"-1", "+1", "1.5", "1e9", "abc", " 1", "1 ", "0x10", "١٢٣"})
    void rejectsAnythingButDecimalDigits(String garbage) {
        assertThatThrownBy(() -> SequenceNumber.of(garbage)).isInstanceOf(IllegalArgumentException.class);
    }
}
