package org.accountstream.domain;

import static org.accountstream.domain.PropertyTesting.oneOf;
import static org.accountstream.domain.PropertyTesting.qt;
import static org.accountstream.domain.PropertyTesting.withEdges;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.maps;
import static org.quicktheories.generators.SourceDSL.strings;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class TokenCodecProperties {

    private final TokenCodec codec = new TokenCodec(List.of(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}), TokenCodec.DEFAULT_MAX_BYTES);

    @Test
    void encodedTokenChecksAsUsableAndEqual() {
        qt(300).forAll(tokens()).checkAssert(token -> {
            byte[] encoded = codec.encode(token);

            assertThat(codec.check(encoded, token.feedId(), token.range())).isEqualTo(new TokenCheck.Usable(token));
        });
    }

    @Test
    void base64UrlFormChecksAsUsableAndEqual() {
        qt(300).forAll(tokens()).checkAssert(token -> {
            byte[] viaText = TokenCodec.fromBase64Url(TokenCodec.toBase64Url(codec.encode(token)));

            assertThat(codec.check(viaText, token.feedId(), token.range())).isEqualTo(new TokenCheck.Usable(token));
        });
    }

    @Test
    void anySingleBitFlipIsNotHonoured() {
        Gen<Integer> anyBits = withEdges(integers().between(0, 1 << 24), 0, 1 << 24);
        qt(500).forAll(tokens(), anyBits).checkAssert((token, anyBit) -> {
            byte[] flipped = codec.encode(token);
            int bit = anyBit % (flipped.length * 8);
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));

            assertThat(codec.check(flipped, token.feedId(), token.range()))
                    .isInstanceOf(TokenCheck.NotHonoured.class);
        });
    }

    @Test
    void anyTruncationIsNotHonoured() {
        Gen<Integer> anyLengths = withEdges(integers().between(1, 1 << 24), 1, 1 << 24);
        qt(500).forAll(tokens(), anyLengths).checkAssert((token, anyLength) -> {
            byte[] encoded = codec.encode(token);
            byte[] truncated = Arrays.copyOf(encoded, 1 + anyLength % (encoded.length - 1));

            assertThat(codec.check(truncated, token.feedId(), token.range()))
                    .isInstanceOf(TokenCheck.NotHonoured.class);
        });
    }

    private static Gen<ContinuationToken> tokens() {
        // U+0000 is two bytes in modified UTF-8; 80 U+FFFD are the longest feed id in bytes.
        Gen<String> feedIds = withEdges(strings().basicMultilingualPlaneAlphabet().ofLengthBetween(1, 80),
                "\u0000", "\uFFFD".repeat(80));
        return feedIds.zip(ranges(), horizons(), ContinuationToken::new);
    }

    private static Gen<Horizon> horizons() {
        Gen<String> shardIdChars = arbitrary().pick(List.of("abcdefghijklmnopqrstuvwxyz0123456789-_λ".split("")));
        Gen<String> shardIds = lists().of(shardIdChars).ofSizeBetween(1, 40).map(chars -> String.join("", chars));
        return maps().of(shardIds, positions()).ofSizeBetween(0, 24).map(Horizon::of);
    }

    private static Gen<Position> positions() {
        BigInteger tenTo49 = BigInteger.TEN.pow(49);
        BigInteger tenTo60 = BigInteger.TEN.pow(60);
        Gen<BigInteger> sequences = withEdges(
                oneOf(integers().between(0, 1000).map(BigInteger::valueOf), bigIntegersBetween(tenTo49, tenTo60)),
                BigInteger.ZERO, BigInteger.valueOf(1000), tenTo49, tenTo60);
        Gen<Long> seconds = withEdges(longs().between(-50_000_000_000L, 50_000_000_000L),
                0L, -50_000_000_000L, 50_000_000_000L);
        Gen<Integer> nanos = withEdges(integers().between(0, 999_999_999), 0, 999_999_999);
        return oneOf(
                arbitrary().constant(Position.notStarted()),
                sequences.map(s -> Position.after(new SequenceNumber(s))),
                seconds.zip(nanos, Instant::ofEpochSecond).map(Position::atTimestamp));
    }

    /** QuickTheories has no BigInteger ranges: a long in [0, Long.MAX_VALUE] scaled onto [min, max]. */
    private static Gen<BigInteger> bigIntegersBetween(BigInteger min, BigInteger max) {
        BigInteger longMax = BigInteger.valueOf(Long.MAX_VALUE);
        return longs().between(0, Long.MAX_VALUE)
                .map(l -> min.add(max.subtract(min).multiply(BigInteger.valueOf(l)).divide(longMax)));
    }

    private static Gen<AciRange> ranges() {
        Gen<Long> halves = withEdges(longs().all(), 0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE);
        Gen<UUID> acis = halves.zip(halves, UUID::new);
        return oneOf(
                arbitrary().constant(AciRange.ALL),
                acis.map(start -> new AciRange(Optional.of(start), Optional.empty())),
                acis.map(limit -> new AciRange(Optional.empty(), Optional.of(limit))),
                acis.zip(acis, TokenCodecProperties::between));
    }

    /** The range between two acis in unsigned order; two equal acis make the range from that aci on. */
    private static AciRange between(UUID one, UUID other) {
        int order = AciRange.UNSIGNED_ORDER.compare(one, other);
        if (order == 0) {
            return new AciRange(Optional.of(one), Optional.empty());
        }
        return order < 0
                ? new AciRange(Optional.of(one), Optional.of(other))
                : new AciRange(Optional.of(other), Optional.of(one));
    }
}
