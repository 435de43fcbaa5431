package org.accountstream.domain;

import static org.accountstream.domain.SampleShards.after;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class TokenCodecTest {

    private static final String FEED = "arn:aws:dynamodb:eu-west-1:1:table/accounts/stream/1";
    private static final byte[] OLD_KEY = key('o');
    private static final byte[] NEW_KEY = key('n');
    private static final AciRange UPPER_HALF = new AciRange(
            Optional.of(UUID.fromString("80000000-0000-0000-0000-000000000000")), Optional.empty());

    private static final ContinuationToken TOKEN = new ContinuationToken(FEED, UPPER_HALF, Horizon.of(Map.of(
            "shardId-1", Position.notStarted(),
            "shardId-2", Position.after(SequenceNumber.of("49598630142999655949581543785528105911853783356538642434")),
            "shardId-3", Position.atTimestamp(Instant.parse("2024-05-01T12:00:00.123456789Z")))));

    private final TokenCodec codec = new TokenCodec(List.of(OLD_KEY), TokenCodec.DEFAULT_MAX_BYTES);

    @Test
    void roundTripsEveryKindOfPosition() {
        assertThat(codec.check(codec.encode(TOKEN), FEED, UPPER_HALF)).isEqualTo(new TokenCheck.Usable(TOKEN));
    }

    @Test
    void roundTripsOpenAndClosedRanges() {
        UUID low = UUID.fromString("00000000-0000-0000-0000-000000000001");
        UUID high = UUID.fromString("ffffffff-ffff-ffff-ffff-fffffffffff0");
        for (AciRange range : List.of(AciRange.ALL, new AciRange(Optional.of(low), Optional.of(high)),
                new AciRange(Optional.empty(), Optional.of(high)))) {
            ContinuationToken token = new ContinuationToken(FEED, range, TOKEN.horizon());

            assertThat(codec.check(codec.encode(token), FEED, range)).isEqualTo(new TokenCheck.Usable(token));
        }
    }

    @Test
    void roundTripsManyShards() {
        Map<String, Position> positions = new LinkedHashMap<>();
        for (int i = 0; i < 1000; i++) {
            positions.put("shardId-" + i, after(i * 1_000_003L));
        }
        ContinuationToken token = new ContinuationToken(FEED, AciRange.ALL, Horizon.of(positions));

        assertThat(codec.check(codec.encode(token), FEED, AciRange.ALL)).isEqualTo(new TokenCheck.Usable(token));
    }

    @Test
    void base64UrlFormHasNoPaddingAndRoundTrips() {
        for (int length = 30; length < 34; length++) {
            byte[] bytes = new byte[length];
            Arrays.fill(bytes, (byte) 0xfb); // encodes to '-' and '_' in base64url, '+' and '/' in base64

            String text = TokenCodec.toBase64Url(bytes);

            assertThat(text).doesNotContain("=", "+", "/");
            assertThat(TokenCodec.fromBase64Url(text)).isEqualTo(bytes);
        }
    }

    @Test
    void encodedTokenSurvivesTheBase64UrlForm() {
        byte[] token = codec.encode(TOKEN);

        assertThat(codec.check(TokenCodec.fromBase64Url(TokenCodec.toBase64Url(token)), FEED, UPPER_HALF))
                .isEqualTo(new TokenCheck.Usable(TOKEN));
    }

    @Test
    void textThatIsNotBase64UrlIsNoToken() {
        assertThat(TokenCodec.fromBase64Url("not base64!")).isEmpty();
    }

    @Test
    void missingTokenIsAbsent() {
        assertThat(codec.check(null, FEED, UPPER_HALF)).isEqualTo(new TokenCheck.Absent());
        assertThat(codec.check(new byte[0], FEED, UPPER_HALF)).isEqualTo(new TokenCheck.Absent());
    }

    @Test
    void tooShortTokenIsMalformed() {
        assertThat(codec.check(new byte[] {1, 2, 3}, FEED, UPPER_HALF))
                .isEqualTo(notHonoured(TokenCheck.Reason.MALFORMED));
        assertThat(codec.check(Arrays.copyOf(codec.encode(TOKEN), 33), FEED, UPPER_HALF))
                .isEqualTo(notHonoured(TokenCheck.Reason.MALFORMED));
    }

    @Test
    void authenticButUnparseableTokenIsMalformed() throws Exception {
        byte[] signed = "\u0001 this is no token payload".getBytes(StandardCharsets.ISO_8859_1);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(OLD_KEY, "HmacSHA256"));
        byte[] garbage = concat(signed, mac.doFinal(signed));

        assertThat(codec.check(garbage, FEED, UPPER_HALF)).isEqualTo(notHonoured(TokenCheck.Reason.MALFORMED));
    }

    @Test
    void tokenSignedWithAnotherKeyHasABadSignature() {
        byte[] foreign = new TokenCodec(List.of(NEW_KEY), TokenCodec.DEFAULT_MAX_BYTES).encode(TOKEN);

        assertThat(codec.check(foreign, FEED, UPPER_HALF)).isEqualTo(notHonoured(TokenCheck.Reason.BAD_SIGNATURE));
    }

    @Test
    void changedVersionByteIsAnUnknownVersion() {
        byte[] token = codec.encode(TOKEN);
        token[0] = TokenCodec.FORMAT_VERSION + 1;

        assertThat(codec.check(token, FEED, UPPER_HALF)).isEqualTo(notHonoured(TokenCheck.Reason.UNKNOWN_VERSION));
    }

    @Test
    void tokenOfAnotherFeedIsNotHonoured() {
        assertThat(codec.check(codec.encode(TOKEN), FEED + "-other", UPPER_HALF))
                .isEqualTo(notHonoured(TokenCheck.Reason.OTHER_FEED));
    }

    @Test
    void tokenOfAnotherRangeIsNotHonoured() {
        assertThat(codec.check(codec.encode(TOKEN), FEED, AciRange.ALL))
                .isEqualTo(notHonoured(TokenCheck.Reason.OTHER_RANGE));
    }

    @Test
    void oversizedTokenIsReportedNotThrown() {
        TokenCodec small = new TokenCodec(List.of(OLD_KEY), 100);

        assertThat(small.check(new byte[101], FEED, UPPER_HALF)).isEqualTo(new TokenCheck.Oversized(101, 100));
        assertThat(small.check(new byte[100], FEED, UPPER_HALF)).isInstanceOf(TokenCheck.NotHonoured.class);
    }

    @Test
    void tokenOfTheOldKeyVerifiesWhileTheOldKeyIsSecond() {
        TokenCodec rotated = new TokenCodec(List.of(NEW_KEY, OLD_KEY), TokenCodec.DEFAULT_MAX_BYTES);

        assertThat(rotated.check(codec.encode(TOKEN), FEED, UPPER_HALF)).isEqualTo(new TokenCheck.Usable(TOKEN));
    }

    @Test
    void tokenOfTheNewFirstKeyDoesNotVerifyWithOnlyTheOldKey() {
        TokenCodec rotated = new TokenCodec(List.of(NEW_KEY, OLD_KEY), TokenCodec.DEFAULT_MAX_BYTES);

        assertThat(codec.check(rotated.encode(TOKEN), FEED, UPPER_HALF))
                .isEqualTo(notHonoured(TokenCheck.Reason.BAD_SIGNATURE));
    }

    @Test
    void everySingleBitFlipIsNotHonoured() {
        byte[] token = codec.encode(TOKEN);
        for (int bit = 0; bit < token.length * 8; bit++) {
            byte[] flipped = token.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));

            assertThat(codec.check(flipped, FEED, UPPER_HALF)).as("bit %d", bit)
                    .isInstanceOf(TokenCheck.NotHonoured.class);
        }
    }

    @Test
    void keysShorterThanSixteenBytesOrNoKeysAreRejected() {
        assertThatThrownBy(() -> new TokenCodec(List.of(new byte[15]), 1000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenCodec(List.of(), 1000))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void changingTheCallersKeyArrayAfterwardsDoesNotChangeTheCodec() {
        byte[] key = key('k');
        TokenCodec keyed = new TokenCodec(List.of(key), TokenCodec.DEFAULT_MAX_BYTES);
        byte[] token = keyed.encode(TOKEN);

        key[0] ^= 1;

        assertThat(keyed.check(token, FEED, UPPER_HALF)).isEqualTo(new TokenCheck.Usable(TOKEN));
    }

    @Test
    void roundTripsASnapshotsProgress() {
        SnapshotProgress progress = SnapshotProgress.start("arn:aws:dynamodb:eu-west-1:1:table/accounts@1", 64)
                .segmentDone(0).segmentDone(1).segmentDone(5).segmentDone(63)
                .advanced(2, new SegmentCursor(new byte[] {1, 2, 3}))
                .advanced(62, new SegmentCursor(new byte[0]));
        ContinuationToken token = new ContinuationToken(FEED, UPPER_HALF, TOKEN.horizon(), Optional.of(progress));

        assertThat(codec.check(codec.encode(token), FEED, UPPER_HALF)).isEqualTo(new TokenCheck.Usable(token));
    }

    @Test
    void writesTheNewestVersionUnlessToldOtherwise() {
        TokenCodec v1 = new TokenCodec(List.of(OLD_KEY), TokenCodec.DEFAULT_MAX_BYTES, 1);

        assertThat(codec.encode(TOKEN)[0]).isEqualTo((byte) 2);
        assertThat(codec.writesSnapshotProgress()).isTrue();
        assertThat(v1.encode(TOKEN)[0]).isEqualTo((byte) 1);
        assertThat(v1.writesSnapshotProgress()).isFalse();
    }

    @Test
    void everyCodecReadsBothVersions() {
        TokenCodec v1 = new TokenCodec(List.of(OLD_KEY), TokenCodec.DEFAULT_MAX_BYTES, 1);

        assertThat(codec.check(v1.encode(TOKEN), FEED, UPPER_HALF)).isEqualTo(new TokenCheck.Usable(TOKEN));
        assertThat(v1.check(codec.encode(TOKEN), FEED, UPPER_HALF)).isEqualTo(new TokenCheck.Usable(TOKEN));
    }

    @Test
    void versionOneCannotCarryASnapshotsProgress() {
        TokenCodec v1 = new TokenCodec(List.of(OLD_KEY), TokenCodec.DEFAULT_MAX_BYTES, 1);
        ContinuationToken midSnapshot = new ContinuationToken(FEED, UPPER_HALF, TOKEN.horizon(),
                Optional.of(SnapshotProgress.start("table", 4)));

        assertThatThrownBy(() -> v1.encode(midSnapshot)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownWriteVersionIsRejected() {
        for (int version : new int[] {0, 3}) {
            assertThatThrownBy(() -> new TokenCodec(List.of(OLD_KEY), TokenCodec.DEFAULT_MAX_BYTES, version))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void authenticButUnparseableVersionTwoTokenIsMalformed() throws Exception {
        byte[] signed = "\u0002\u0000 this is no token payload".getBytes(StandardCharsets.ISO_8859_1);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(OLD_KEY, "HmacSHA256"));
        byte[] garbage = concat(signed, mac.doFinal(signed));

        assertThat(codec.check(garbage, FEED, UPPER_HALF)).isEqualTo(notHonoured(TokenCheck.Reason.MALFORMED));
    }

    private static TokenCheck notHonoured(TokenCheck.Reason reason) {
        return new TokenCheck.NotHonoured(reason);
    }

    private static byte[] key(char fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
