package org.accountstream.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class TokenCodecProperties {

    private final TokenCodec codec = new TokenCodec(List.of(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}), TokenCodec.DEFAULT_MAX_BYTES);

    @Property(tries = 300)
    void encodedTokenChecksAsUsableAndEqual(@ForAll("tokens") ContinuationToken token) {
        byte[] encoded = codec.encode(token);

        assertThat(codec.check(encoded, token.feedId(), token.range())).isEqualTo(new TokenCheck.Usable(token));
    }

    @Property(tries = 300)
    void base64UrlFormChecksAsUsableAndEqual(@ForAll("tokens") ContinuationToken token) {
        byte[] viaText = TokenCodec.fromBase64Url(TokenCodec.toBase64Url(codec.encode(token)));

        assertThat(codec.check(viaText, token.feedId(), token.range())).isEqualTo(new TokenCheck.Usable(token));
    }

    @Property(tries = 500)
    void anySingleBitFlipIsNotHonoured(@ForAll("tokens") ContinuationToken token,
                                       @ForAll @IntRange(min = 0, max = 1 << 24) int anyBit) {
        byte[] flipped = codec.encode(token);
        int bit = anyBit % (flipped.length * 8);
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));

        assertThat(codec.check(flipped, token.feedId(), token.range())).isInstanceOf(TokenCheck.NotHonoured.class);
    }

    @Property(tries = 500)
    void anyTruncationIsNotHonoured(@ForAll("tokens") ContinuationToken token,
                                    @ForAll @IntRange(min = 1, max = 1 << 24) int anyLength) {
        byte[] encoded = codec.encode(token);
        byte[] truncated = Arrays.copyOf(encoded, 1 + anyLength % (encoded.length - 1));

        assertThat(codec.check(truncated, token.feedId(), token.range())).isInstanceOf(TokenCheck.NotHonoured.class);
    }

    @Provide
    Arbitrary<ContinuationToken> tokens() {
        Arbitrary<String> feedIds = Arbitraries.strings().ofMinLength(1).ofMaxLength(80);
        return Combinators.combine(feedIds, ranges(), horizons()).as(ContinuationToken::new);
    }

    private static Arbitrary<Horizon> horizons() {
        Arbitrary<String> shardIds = Arbitraries.strings()
                .withCharRange('a', 'z').numeric().withChars('-', '_', 'λ').ofMinLength(1).ofMaxLength(40);
        return Arbitraries.maps(shardIds, positions()).ofMaxSize(24).map(Horizon::of);
    }

    private static Arbitrary<Position> positions() {
        Arbitrary<BigInteger> sequences = Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(1000)),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(49), BigInteger.TEN.pow(60)));
        Arbitrary<Instant> timestamps = Combinators.combine(
                        Arbitraries.longs().between(-50_000_000_000L, 50_000_000_000L),
                        Arbitraries.integers().between(0, 999_999_999))
                .as(Instant::ofEpochSecond);
        return Arbitraries.oneOf(
                Arbitraries.just(Position.notStarted()),
                sequences.map(s -> Position.after(new SequenceNumber(s))),
                timestamps.map(Position::atTimestamp));
    }

    private static Arbitrary<AciRange> ranges() {
        Arbitrary<UUID> acis = Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new);
        Arbitrary<AciRange> bounded = Combinators.combine(acis.optional(), acis.optional())
                .filter((start, limit) -> start.isEmpty() || limit.isEmpty()
                        || AciRange.UNSIGNED_ORDER.compare(start.get(), limit.get()) < 0)
                .as(AciRange::new);
        return Arbitraries.oneOf(Arbitraries.just(AciRange.ALL), bounded);
    }
}
