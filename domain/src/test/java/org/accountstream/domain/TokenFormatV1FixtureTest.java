package org.accountstream.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A version 1 token saved by the version 1 codec itself (commit cf29354), before version 2
 * existed. Every release must honour it: replicas of a fleet mid-upgrade, and clients, hold
 * tokens of the older release. Keep this fixture for ever; never regenerate it.
 */
class TokenFormatV1FixtureTest {

    /** The key that signed the fixture (32 ASCII bytes). */
    private static final byte[] FIXTURE_KEY = "accountstream-v1-fixture-key-32b".getBytes(StandardCharsets.US_ASCII);

    private static final ContinuationToken FIXTURE_CONTENT = new ContinuationToken(
            "arn:aws:kinesis:eu-west-1:123456789012:stream/accounts-filtered",
            new AciRange(Optional.of(UUID.fromString("80000000-0000-0000-0000-000000000000")), Optional.empty()),
            Horizon.of(Map.of(
                    "shardId-000000000004", Position.after(
                            SequenceNumber.of("49590338271490256608559692538361571095921575989136588898")),
                    "shardId-000000000005", Position.notStarted(),
                    "shardId-000000000006", Position.atTimestamp(Instant.parse("2024-05-01T12:00:00.123456789Z")))));

    @Test
    void savedVersionOneTokenIsStillUsableWithItsContent() throws IOException {
        byte[] saved = TokenCodec.fromBase64Url(fixture());
        TokenCodec codec = new TokenCodec(List.of(FIXTURE_KEY), TokenCodec.DEFAULT_MAX_BYTES);

        assertThat(saved[0]).isEqualTo((byte) 1);
        assertThat(codec.check(saved, FIXTURE_CONTENT.feedId(), FIXTURE_CONTENT.range()))
                .isEqualTo(new TokenCheck.Usable(FIXTURE_CONTENT));
    }

    private static String fixture() throws IOException {
        try (InputStream in = TokenFormatV1FixtureTest.class.getResourceAsStream("token-v1.b64url")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        }
    }
}
