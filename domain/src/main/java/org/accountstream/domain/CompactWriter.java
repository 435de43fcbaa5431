package org.accountstream.domain;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;

/**
 * Writes the primitives of the compact token format (DESIGN §5); {@link CompactReader} reads them.
 * Varints are LEB128: seven bits a byte, least significant group first, the high bit set on every
 * byte but the last. Signed values are zigzagged first (0, -1, 1, -2 … become 0, 1, 2, 3 …).
 */
final class CompactWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    void writeByte(int value) {
        out.write(value);
    }

    void writeBytes(byte[] bytes) {
        out.writeBytes(bytes);
    }

    void writeVarint(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varints are not negative: " + value);
        }
        writeBigVarint(BigInteger.valueOf(value));
    }

    void writeSignedVarint(long value) {
        writeSignedBigVarint(BigInteger.valueOf(value));
    }

    void writeSignedBigVarint(BigInteger value) {
        writeBigVarint(value.signum() >= 0 ? value.shiftLeft(1) : value.negate().shiftLeft(1).subtract(BigInteger.ONE));
    }

    /** A string as its length in UTF-16 units, then each unit as a varint: ASCII is one byte a char. */
    void writeString(String text) {
        writeVarint(text.length());
        text.chars().forEach(this::writeVarint);
    }

    /**
     * {@code digits} (a run of digits of {@code radix}, leading zeros included) as a number in the
     * fixed number of bytes {@link #packedBytes} gives for its length: the reader knows the length,
     * so the run costs no length byte here and keeps its leading zeros.
     */
    void writePackedDigits(String digits, int radix) {
        int width = packedBytes(digits.length(), radix);
        byte[] magnitude = digits.isEmpty() ? new byte[0] : new BigInteger(digits, radix).toByteArray();
        // toByteArray may add a zero sign byte in front; the width always holds the magnitude.
        int significant = Math.min(magnitude.length, width);
        byte[] packed = new byte[width];
        System.arraycopy(magnitude, magnitude.length - significant, packed, width - significant, significant);
        writeBytes(packed);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    /** Bytes that hold any run of {@code count} digits of {@code radix} (10 or 16). */
    static int packedBytes(int count, int radix) {
        // 3.322 ≥ log2(10) bits a decimal digit, rounded up: never too few, at most one byte too many.
        long bits = radix == 16 ? 4L * count : (3322L * count + 999) / 1000;
        return (int) ((bits + 7) / 8);
    }

    private void writeBigVarint(BigInteger value) {
        BigInteger rest = value;
        while (rest.bitLength() > 7) {
            out.write(rest.intValue() & 0x7f | 0x80);
            rest = rest.shiftRight(7);
        }
        out.write(rest.intValue());
    }
}
