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
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class TokenCodecProperties {

    private static final byte[] KEY = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};

    private final TokenCodec codec = new TokenCodec(List.of(KEY), TokenCodec.DEFAULT_MAX_BYTES);
    private final TokenCodec versionOne = new TokenCodec(List.of(KEY), TokenCodec.DEFAULT_MAX_BYTES, 1);

    @Test
    void encodedTokenChecksAsUsableAndEqual() {
        qt(300).forAll(tokens()).checkAssert(token -> {
            byte[] encoded = codec.encode(token);

            assertThat(codec.check(encoded, token.feedId(), token.range())).isEqualTo(new TokenCheck.Usable(token));
        });
    }

    @Test
    void versionOneTokenChecksAsUsableAndEqual() {
        Gen<ContinuationToken> withoutSnapshots = tokens().map(t -> new ContinuationToken(t.feedId(), t.range(), t.horizon()));
        qt(300).forAll(withoutSnapshots).checkAssert(token -> {
            byte[] encoded = versionOne.encode(token);

            assertThat(codec.check(encoded, token.feedId(), token.range())).isEqualTo(new TokenCheck.Usable(token));
        });
    }

    /**
     * A payload changed and signed again (as only a server bug or a reused key could make one)
     * is never an exception: it parses to some token or is MALFORMED.
     */
    @Test
    void authenticChangedPayloadIsUsableOrMalformedNeverAnException() {
        Gen<Integer> anyInts = integers().allPositive();
        qt(1000).forAll(tokens(), anyInts, integers().between(0, 255), integers().between(0, 2)).checkAssert(
                (token, anyIndex, value, change) -> {
                    byte[] written = withoutMac(codec.encode(token));
                    int index = 1 + anyIndex % (written.length - 1);
                    byte[] changed = switch (change) {
                        case 0 -> replaced(written, index, value);
                        case 1 -> Arrays.copyOf(written, index);
                        default -> inserted(written, index, value);
                    };

                    TokenCheck check = codec.check(signed(changed), token.feedId(), token.range());

                    assertThat(check).satisfiesAnyOf(
                            c -> assertThat(c).isInstanceOf(TokenCheck.Usable.class),
                            c -> assertThat(c).isIn(
                                    new TokenCheck.NotHonoured(TokenCheck.Reason.MALFORMED),
                                    new TokenCheck.NotHonoured(TokenCheck.Reason.OTHER_FEED),
                                    new TokenCheck.NotHonoured(TokenCheck.Reason.OTHER_RANGE)));
                });
    }

    @Test
    void authenticRandomPayloadIsNeverAnException() {
        Gen<byte[]> payloads = lists().of(integers().between(0, 255)).ofSizeBetween(0, 200).map(values -> {
            byte[] bytes = new byte[values.size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (int) values.get(i);
            }
            return bytes;
        });
        qt(1000).forAll(integers().between(1, 2), payloads).checkAssert((version, payload) -> {
            byte[] written = new byte[payload.length + 1];
            written[0] = (byte) (int) version;
            System.arraycopy(payload, 0, written, 1, payload.length);

            assertThat(codec.check(signed(written), "feed", AciRange.ALL)).isInstanceOf(TokenCheck.NotHonoured.class);
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
        return feedIds.zip(ranges(), horizons(), snapshots(), ContinuationToken::new);
    }

    private static Gen<Optional<SnapshotProgress>> snapshots() {
        Gen<SnapshotProgress> progress = integers().between(1, 300).zip(lists().of(integers().between(0, 299))
                .ofSizeBetween(0, 60), lists().of(integers().between(0, 40)).ofSizeBetween(0, 30), (count, segments, cursorLengths) -> {
                    SnapshotProgress made = SnapshotProgress.start("table-" + count, count);
                    for (int i = 0; i < segments.size(); i++) {
                        int segment = segments.get(i) % count;
                        if (made.done().contains(segment)) {
                            continue;
                        }
                        made = i < cursorLengths.size()
                                ? made.advanced(segment, new SegmentCursor(new byte[cursorLengths.get(i)]))
                                : made.segmentDone(segment);
                    }
                    return made;
                });
        return oneOf(arbitrary().constant(Optional.<SnapshotProgress>empty()), progress.map(Optional::of));
    }

    private static byte[] withoutMac(byte[] token) {
        return Arrays.copyOf(token, token.length - 32);
    }

    private static byte[] signed(byte[] written) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            byte[] token = Arrays.copyOf(written, written.length + 32);
            System.arraycopy(mac.doFinal(written), 0, token, written.length, 32);
            return token;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] replaced(byte[] bytes, int index, int value) {
        byte[] changed = bytes.clone();
        changed[index] = (byte) value;
        return changed;
    }

    private static byte[] inserted(byte[] bytes, int index, int value) {
        byte[] changed = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, changed, 0, index);
        changed[index] = (byte) value;
        System.arraycopy(bytes, index, changed, index + 1, bytes.length - index);
        return changed;
    }

    /** Shard ids of AWS shapes, mixed with arbitrary ones, so ids fit the codec's template or not. */
    private static Gen<Horizon> horizons() {
        Gen<String> shardIdChars = arbitrary().pick(List.of("abcdefghijklmnopqrstuvwxyz0123456789-_λ".split("")));
        Gen<String> arbitraryIds = lists().of(shardIdChars).ofSizeBetween(1, 80).map(chars -> String.join("", chars));
        Gen<String> kinesisIds = longs().between(0, 1_000_000).map(n -> "shardId-%012d".formatted(n));
        Gen<String> dynamoDbIds = longs().between(1_700_000_000_000L, 1_700_000_100_000L)
                .zip(integers().all(), (millis, hex) -> "shardId-%020d-%08x".formatted(millis, hex));
        Gen<String> shardIds = oneOf(arbitraryIds, kinesisIds, dynamoDbIds);
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
