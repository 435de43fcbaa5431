package org.accountstream.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.accountstream.adapters.dynamodb.ScanCursorCodec.AfterKey;
import org.accountstream.ports.out.ScanCursor;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every DynamoDB table key reads back from its cursor bytes as it was, and any other bytes are
 * either refused with {@link IllegalArgumentException} or are exactly the bytes of what they read
 * as (one spelling per cursor, nothing else thrown).
 */
class ScanCursorCodecProperties {

    @Test
    void everyKeyCursorReadsBackAsItWas() {
        qt(500).forAll(cursors()).checkAssert(cursor -> {
            byte[] bytes = ScanCursorCodec.toBytes(cursor);

            assertThat(ScanCursorCodec.fromBytes(bytes)).isEqualTo(cursor);
            assertThat(ScanCursorCodec.toBytes(ScanCursorCodec.fromBytes(bytes))).isEqualTo(bytes);
        });
    }

    @Test
    void aDamagedCursorIsRefusedOrReadsAsExactlyThoseBytes() {
        Gen<Integer> anyInts = integers().between(0, Integer.MAX_VALUE);
        qt(2000).forAll(cursors(), integers().between(0, 2), anyInts, anyInts).checkAssert((cursor, how, at, value) -> {
            byte[] bytes = ScanCursorCodec.toBytes(cursor);
            int damage = bytes.length == 0 ? 2 : how; // START has no byte to cut or flip
            byte[] damaged = switch (damage) {
                case 0 -> Arrays.copyOf(bytes, at % bytes.length);
                case 1 -> {
                    byte[] flipped = bytes.clone();
                    flipped[at % bytes.length] ^= (byte) (1 << (value % 8));
                    yield flipped;
                }
                default -> {
                    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1 + value % 40);
                    Arrays.fill(longer, bytes.length, longer.length, (byte) at.intValue());
                    yield longer;
                }
            };

            assertRefusedOrCanonical(damaged);
        });
    }

    @Test
    void arbitraryBytesAreRefusedOrReadAsExactlyThoseBytes() {
        // A first byte of 1 or 2 (the kinds) half the time, so the parser gets past the kind.
        Gen<Integer> firstBytes = Generate.frequency(Pair.of(1, integers().between(1, 2)), Pair.of(1, integers().between(0, 255)));
        qt(2000).forAll(firstBytes, lists().of(integers().between(0, 255)).ofSizeBetween(0, 60))
                .checkAssert((first, rest) -> {
                    byte[] bytes = new byte[1 + rest.size()];
                    bytes[0] = (byte) first.intValue();
                    for (int i = 0; i < rest.size(); i++) {
                        bytes[i + 1] = (byte) rest.get(i).intValue();
                    }

                    assertRefusedOrCanonical(bytes);
                });
    }

    @Test
    void keysNoTableCanHaveAreRefused() {
        List<Map<String, AttributeValue>> impossible = List.of(
                Map.of(),
                Map.of("a", s("1"), "b", s("2"), "c", s("3")),
                Map.of("x".repeat(256), s("1")),
                Map.of("U", s("x".repeat(2049))),
                Map.of("U", s("")),
                Map.of("U", AttributeValue.fromBool(true)));

        for (Map<String, AttributeValue> key : impossible) {
            assertThatThrownBy(() -> ScanCursorCodec.toBytes(new AfterKey(key))).as("%s", key.keySet())
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static void assertRefusedOrCanonical(byte[] bytes) {
        ScanCursor read;
        try {
            read = ScanCursorCodec.fromBytes(bytes);
        } catch (IllegalArgumentException refused) {
            return;
        }
        assertThat(ScanCursorCodec.toBytes(read)).isEqualTo(bytes);
    }

    private static QuickTheory qt(int tries) {
        return QuickTheory.qt().withExamples(tries);
    }

    private static Gen<ScanCursor> cursors() {
        Gen<ScanCursor> keys = names().zip(values(), names(), values(), integers().between(1, 2),
                (name, value, otherName, otherValue, size) -> {
                    Map<String, AttributeValue> key = new LinkedHashMap<>();
                    key.put(name, value);
                    if (size == 2) {
                        key.putIfAbsent(otherName, otherValue);
                    }
                    return new AfterKey(key);
                });
        return Generate.frequency(
                Pair.of(1, Generate.pick(List.of(ScanCursor.START, ScanCursorCodec.SEGMENT_END))),
                Pair.of(8, keys));
    }

    /** Up to 255 bytes of UTF-8: 80 chars of at most 3 bytes, or the edges. */
    private static Gen<String> names() {
        return withEdges(strings().betweenCodePoints(0x21, 0xD7FF).ofLengthBetween(1, 80),
                "U", "\uD83D\uDE00".repeat(63), "a".repeat(255));
    }

    private static Gen<AttributeValue> values() {
        Gen<AttributeValue> strings = withEdges(strings().betweenCodePoints(0x20, 0xD7FF).ofLengthBetween(1, 600),
                "x".repeat(127), "x".repeat(128), "x".repeat(2048), "\uD83D\uDE00").map(AttributeValue::fromS);
        Gen<AttributeValue> numbers = withEdges(longs().all().map(n -> Long.toString(n)),
                "0", "-1.5E+10", "0.000001", "9".repeat(38)).map(AttributeValue::fromN);
        Gen<AttributeValue> binaries = lists().of(integers().between(0, 255)).ofSizeBetween(1, 2048).map(list -> {
            byte[] bytes = new byte[list.size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) list.get(i).intValue();
            }
            return AttributeValue.fromB(SdkBytes.fromByteArray(bytes));
        });
        return Generate.pick(List.of(strings, numbers, binaries)).flatMap(generator -> generator);
    }

    @SafeVarargs
    private static <T> Gen<T> withEdges(Gen<T> values, T... edges) {
        return Generate.frequency(Pair.of(1, Generate.pick(List.of(edges))), Pair.of(4, values));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
