package org.accountstream.adapters.dynamodb;

import org.accountstream.domain.SequenceNumber;

/**
 * DynamoDB Streams sequence numbers between their wire form and the domain's big integers.
 *
 * <p>The service validates a sequence number's length (at least 21 characters). AWS hands out
 * numbers of 21 to 40 digits without leading zeros, which a big integer keeps as they are;
 * DynamoDB Local hands out zero-padded ones ({@code 000000000000000000042}), which a big integer
 * shortens. Padding back to 21 digits restores both exactly.
 */
final class StreamSequenceNumbers {

    static final int MIN_DIGITS = 21;

    private StreamSequenceNumbers() {
    }

    static SequenceNumber parse(String wire) {
        return SequenceNumber.of(wire);
    }

    static String format(SequenceNumber sequence) {
        String digits = sequence.value().toString();
        return digits.length() >= MIN_DIGITS ? digits : "0".repeat(MIN_DIGITS - digits.length()) + digits;
    }
}
