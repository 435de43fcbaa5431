package org.accountstream.domain;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Reads what {@link CompactWriter} wrote. Every read checks the bytes that remain and every count
 * or length it returns is bounded by them (or by a small constant), so no payload, however made,
 * makes it allocate more than the payload's own size or loop for long; anything that does not fit
 * throws {@link MalformedTokenException}.
 */
final class CompactReader {

    private final byte[] bytes;
    private int position;

    CompactReader(byte[] bytes, int offset) {
        this.bytes = bytes;
        this.position = offset;
    }

    int remaining() {
        return bytes.length - position;
    }

    int readByte() {
        if (remaining() < 1) {
            throw new MalformedTokenException("ends early");
        }
        return bytes[position++] & 0xff;
    }

    byte[] readBytes(int count) {
        if (count < 0 || count > remaining()) {
            throw new MalformedTokenException(count + " bytes wanted, " + remaining() + " left");
        }
        byte[] read = Arrays.copyOfRange(bytes, position, position + count);
        position += count;
        return read;
    }

    /** A varint that fits an int. */
    int readVarint() {
        BigInteger value = readBigVarint(5);
        if (value.bitLength() > 31) {
            throw new MalformedTokenException("varint out of int range");
        }
        return value.intValue();
    }

    /** A varint counting items of at least one byte each, which the remaining bytes must hold. */
    int readCount() {
        int count = readVarint();
        if (count > remaining()) {
            throw new MalformedTokenException("count " + count + " with " + remaining() + " bytes left");
        }
        return count;
    }

    long readSignedVarint() {
        BigInteger value = readSignedBigVarint(10);
        if (value.bitLength() > 63) {
            throw new MalformedTokenException("varint out of long range");
        }
        return value.longValue();
    }

    /** A zigzagged varint of at most {@code maxBytes} bytes. */
    BigInteger readSignedBigVarint(int maxBytes) {
        BigInteger zigzag = readBigVarint(maxBytes);
        BigInteger half = zigzag.shiftRight(1);
        return zigzag.testBit(0) ? half.negate().subtract(BigInteger.ONE) : half;
    }

    String readString() {
        int length = readCount();
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            int unit = readVarint();
            if (unit > Character.MAX_VALUE) {
                throw new MalformedTokenException("not a UTF-16 unit: " + unit);
            }
            chars[i] = (char) unit;
        }
        return new String(chars);
    }

    /** A run of {@code count} digits of {@code radix} that {@link CompactWriter#writePackedDigits} wrote. */
    String readPackedDigits(int count, int radix) {
        if (count == 0) {
            return "";
        }
        BigInteger value = new BigInteger(1, readBytes(CompactWriter.packedBytes(count, radix)));
        String digits = value.toString(radix);
        if (digits.length() > count) {
            throw new MalformedTokenException("packed number wider than " + count + " digits");
        }
        return "0".repeat(count - digits.length()) + digits;
    }

    void expectEnd() {
        if (remaining() != 0) {
            throw new MalformedTokenException(remaining() + " trailing bytes");
        }
    }

    private BigInteger readBigVarint(int maxBytes) {
        BigInteger value = BigInteger.ZERO;
        for (int i = 0; i < maxBytes; i++) {
            int next = readByte();
            value = value.or(BigInteger.valueOf(next & 0x7f).shiftLeft(7 * i));
            if ((next & 0x80) == 0) {
                return value;
            }
        }
        throw new MalformedTokenException("varint longer than " + maxBytes + " bytes");
    }
}
