package org.accountstream.adapters.dynamodb;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.accountstream.ports.out.ScanCursor;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The cursors of a DynamoDB segment Scan, and their bytes for a token:
 * <pre>
 *   START        = (no bytes)
 *   after a key  = 1 ‖ per key attribute, by name: name length (1 byte) ‖ name (UTF-8)
 *                      ‖ type ('S' | 'N' | 'B') ‖ value length (varint) ‖ value (S, N: UTF-8)
 *   segment end  = 2
 * </pre>
 * The first byte is the kind, so a later layout is a new kind and these stay readable. The
 * default key ({@code U}, 16 bytes) is 21 bytes. Lengths are bounded by what a DynamoDB table
 * key can be (a partition key and at most a sort key; names up to 255 bytes, values up to 2048),
 * and anything else is refused with {@link IllegalArgumentException}, whatever the bytes are:
 * bytes are read only in the one spelling {@link #toBytes} gives them.
 */
final class ScanCursorCodec {

    /**
     * After a segment's last page, which has no {@code LastEvaluatedKey} to continue from (a Scan
     * without one would start the segment over).
     */
    static final ScanCursor SEGMENT_END = new ScanCursor() {
        @Override
        public String toString() {
            return "end of segment";
        }
    };

    /** Continues a segment's Scan after {@code key} ({@code ExclusiveStartKey}). */
    record AfterKey(Map<String, AttributeValue> key) implements ScanCursor {
    }

    private static final byte AFTER_KEY = 1;
    private static final byte END = 2;
    private static final int MAX_KEY_ATTRIBUTES = 2;
    private static final int MAX_NAME_BYTES = 255;
    private static final int MAX_VALUE_BYTES = 2048;

    private ScanCursorCodec() {
    }

    static byte[] toBytes(ScanCursor cursor) {
        if (cursor == ScanCursor.START) {
            return new byte[0];
        }
        if (cursor == SEGMENT_END) {
            return new byte[] {END};
        }
        if (!(cursor instanceof AfterKey after)) {
            throw new IllegalArgumentException("not a cursor of a DynamoDB scan: " + cursor);
        }
        Map<String, AttributeValue> key = after.key();
        if (key.isEmpty() || key.size() > MAX_KEY_ATTRIBUTES) {
            throw new IllegalArgumentException("a table key has 1 or 2 attributes: " + key.keySet());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(AFTER_KEY);
        // By name: the same key always makes the same bytes, whatever order its map iterates in.
        for (Map.Entry<String, AttributeValue> attribute : new TreeMap<>(key).entrySet()) {
            byte[] name = attribute.getKey().getBytes(StandardCharsets.UTF_8);
            checkLength("attribute name", name.length, MAX_NAME_BYTES);
            out.write(name.length);
            out.writeBytes(name);
            AttributeValue value = attribute.getValue();
            byte[] bytes = switch (value.type()) {
                case S -> value.s().getBytes(StandardCharsets.UTF_8);
                case N -> value.n().getBytes(StandardCharsets.UTF_8);
                case B -> value.b().asByteArrayUnsafe();
                default -> throw new IllegalArgumentException("a key attribute is S, N or B: " + value.type());
            };
            checkLength("key value", bytes.length, MAX_VALUE_BYTES);
            out.write(value.type().name().charAt(0));
            writeVarint(out, bytes.length);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    static ScanCursor fromBytes(byte[] bytes) {
        if (bytes.length == 0) {
            return ScanCursor.START;
        }
        return switch (bytes[0]) {
            case END -> {
                if (bytes.length != 1) {
                    throw new IllegalArgumentException("a segment-end cursor is 1 byte, not " + bytes.length);
                }
                yield SEGMENT_END;
            }
            case AFTER_KEY -> new AfterKey(readKey(ByteBuffer.wrap(bytes, 1, bytes.length - 1)));
            default -> throw new IllegalArgumentException("not a DynamoDB scan cursor: kind " + bytes[0]);
        };
    }

    private static Map<String, AttributeValue> readKey(ByteBuffer in) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        String previous = null;
        while (in.hasRemaining()) {
            if (key.size() == MAX_KEY_ATTRIBUTES) {
                throw new IllegalArgumentException("a table key has at most " + MAX_KEY_ATTRIBUTES + " attributes");
            }
            int nameLength = Byte.toUnsignedInt(in.get());
            checkLength("attribute name", nameLength, MAX_NAME_BYTES);
            String name = utf8(take(in, nameLength));
            // In the order toBytes writes them, so every key has one spelling (and no name twice).
            if (previous != null && previous.compareTo(name) >= 0) {
                throw new IllegalArgumentException("key attributes out of order: " + previous + ", " + name);
            }
            previous = name;
            char type = (char) Byte.toUnsignedInt(take(in, 1)[0]);
            int valueLength = readVarint(in);
            checkLength("key value", valueLength, MAX_VALUE_BYTES);
            byte[] value = take(in, valueLength);
            AttributeValue attribute = switch (type) {
                case 'S' -> AttributeValue.fromS(utf8(value));
                case 'N' -> AttributeValue.fromN(number(utf8(value)));
                case 'B' -> AttributeValue.fromB(SdkBytes.fromByteArray(value));
                default -> throw new IllegalArgumentException("a key attribute is S, N or B, not " + (int) type);
            };
            key.put(name, attribute);
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a key cursor without a key");
        }
        return key;
    }

    /** DynamoDB keys are never empty, so neither names nor values are. */
    private static void checkLength(String what, int length, int max) {
        if (length < 1 || length > max) {
            throw new IllegalArgumentException(what + " of " + length + " bytes; 1.." + max + " allowed");
        }
    }

    private static byte[] take(ByteBuffer in, int length) {
        if (in.remaining() < length) {
            throw new IllegalArgumentException("cursor cut short");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    /** 7 bits a byte, low first, the high bit set on all but the last: 1 byte below 128, else 2. */
    private static void writeVarint(ByteArrayOutputStream out, int value) {
        if (value >= 0x80) {
            out.write(0x80 | (value & 0x7f));
            value >>>= 7;
        }
        out.write(value);
    }

    private static int readVarint(ByteBuffer in) {
        int first = Byte.toUnsignedInt(take(in, 1)[0]);
        if (first < 0x80) {
            return first;
        }
        int second = Byte.toUnsignedInt(take(in, 1)[0]);
        // Two bytes hold 14 bits, enough for MAX_VALUE_BYTES; a zero or continued second byte
        // would give one length two spellings (or more bytes), so it is refused.
        if (second == 0 || second >= 0x80) {
            throw new IllegalArgumentException("malformed length");
        }
        return (first & 0x7f) | second << 7;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8", e);
        }
    }

    /** A number as DynamoDB spells one; {@link BigDecimal} refuses anything else. */
    private static String number(String text) {
        new BigDecimal(text); // NumberFormatException is an IllegalArgumentException
        return text;
    }
}
