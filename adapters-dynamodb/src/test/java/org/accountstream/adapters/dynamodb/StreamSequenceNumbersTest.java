package org.accountstream.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamSequenceNumbersTest {

    @Test
    void dynamoDbLocalsZeroPaddedNumbersSurviveTheRoundTrip() {
        String wire = "000000000000000000042";

        assertThat(StreamSequenceNumbers.parse(wire).value().longValueExact()).isEqualTo(42);
        assertThat(StreamSequenceNumbers.format(StreamSequenceNumbers.parse(wire))).isEqualTo(wire);
    }

    @Test
    void awsNumbersAreKeptAsTheyAre() {
        for (String wire : new String[] {"100000000007093271371", "4900000000000000000123456789012345678901"}) {
            assertThat(StreamSequenceNumbers.format(StreamSequenceNumbers.parse(wire))).isEqualTo(wire);
        }
    }

    @Test
    void numbersCompareAsIntegersNotAsStrings() {
        assertThat(StreamSequenceNumbers.parse("000000000000000000010"))
                .isGreaterThan(StreamSequenceNumbers.parse("000000000000000000009"));
        assertThat(StreamSequenceNumbers.parse("1000000000000000000000"))
                .isGreaterThan(StreamSequenceNumbers.parse("999999999999999999999"));
    }
}
