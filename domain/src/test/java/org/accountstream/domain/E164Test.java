package org.accountstream.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class E164Test {

    @Test
    void parsesStoredFormIntoTheWireNumber() {
        assertThat(E164.parse("+14155550100")).isEqualTo(14155550100L);
    }

    @Test
    void formatsTheWireNumberIntoStoredForm() {
        assertThat(E164.format(14155550100L)).isEqualTo("+14155550100");
    }

    @Test
    void acceptsOneToFifteenDigits() {
        assertThat(E164.parse("+1")).isEqualTo(1L);
        assertThat(E164.parse("+999999999999999")).isEqualTo(999_999_999_999_999L);
    }

    @Test
    void formatThenParseIsIdentity() {
        assertThat(E164.parse(E164.format(447700900123L))).isEqualTo(447700900123L);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"+", "123", "14155550100", "+04155550100", "+1415555O100", "+1a", "+-1",
            "+1234567890123456", " +1415", "+1415 ", "++1", "+١٢٣"})
    void rejectsAnythingButPlusAndDigits(String garbage) {
        assertThatThrownBy(() -> E164.parse(garbage)).isInstanceOf(IllegalArgumentException.class);
    }
}
