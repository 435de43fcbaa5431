package org.accountstream.domain;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A position inside one shard. Feeds hand them out as decimal strings of up to ~60 digits that
 * only grow within a shard; they are compared as big integers, because as strings
 * {@code "9" > "10"}.
 */
public record SequenceNumber(BigInteger value) implements Comparable<SequenceNumber> {

    public SequenceNumber {
        Objects.requireNonNull(value, "value");
        if (value.signum() < 0) {
            throw new IllegalArgumentException("sequence numbers are not negative: " + value);
        }
    }

    public static SequenceNumber of(String decimal) {
        // ASCII digits only: Character.isDigit (and BigInteger) also accept other scripts' digits.
        if (decimal == null || decimal.isEmpty() || !decimal.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a sequence number: " + decimal);
        }
        return new SequenceNumber(new BigInteger(decimal));
    }

    public static SequenceNumber of(long value) {
        return new SequenceNumber(BigInteger.valueOf(value));
    }

    @Override
    public int compareTo(SequenceNumber other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
