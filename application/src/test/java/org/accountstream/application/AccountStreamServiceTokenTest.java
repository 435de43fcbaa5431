package org.accountstream.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.ContinuationToken;
import org.accountstream.domain.Frame;
import org.accountstream.domain.InvalidRequestException;
import org.accountstream.domain.TokenCheck.Reason;
import org.accountstream.domain.TokenCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A token the server cannot honour is not an error: the consumer starts over with clear_all and a
 * full snapshot, and metrics say why. Only an oversized token is refused (DESIGN §5).
 */
@Timeout(30)
class AccountStreamServiceTokenTest {

    private static final AciRange LOWER_HALF =
            new AciRange(Optional.empty(), Optional.of(new UUID(0x8000_0000_0000_0000L, 0)));

    private final ServiceFixture fixture = new ServiceFixture(2);
    private byte[] validToken;

    @BeforeEach
    void takeAValidToken() throws InterruptedException {
        fixture.seed(200);
        StreamConsumer consumer = fixture.stream();
        consumer.awaitDatasetCurrent();
        consumer.stop();
        validToken = consumer.lastToken();
        assertThat(fixture.metrics.notHonoured()).isEmpty();
    }

    @AfterEach
    void close() throws InterruptedException {
        fixture.close();
    }

    @Test
    void tamperedTokenStartsOverForBadSignature() throws InterruptedException {
        byte[] tampered = validToken.clone();
        tampered[tampered.length / 2] ^= 1;

        assertStartsOver(AciRange.ALL, tampered, Reason.BAD_SIGNATURE);
    }

    @Test
    void tokenOfAnotherServerStartsOverForBadSignature() throws InterruptedException {
        TokenCodec otherServer = new TokenCodec(
                List.of("another-server-secret-key".getBytes(StandardCharsets.UTF_8)), TokenCodec.DEFAULT_MAX_BYTES);
        byte[] foreign = otherServer.encode(
                new ContinuationToken(fixture.feed.feedId(), AciRange.ALL, fixture.feed.captureHead()));

        assertStartsOver(AciRange.ALL, foreign, Reason.BAD_SIGNATURE);
    }

    @Test
    void tokenOfAnotherFeedStartsOverForOtherFeed() throws InterruptedException {
        byte[] otherFeed = fixture.tokens.encode(
                new ContinuationToken("memory:elsewhere", AciRange.ALL, fixture.feed.captureHead()));

        assertStartsOver(AciRange.ALL, otherFeed, Reason.OTHER_FEED);
    }

    @Test
    void tokenOfAnotherRangeStartsOverForOtherRange() throws InterruptedException {
        assertStartsOver(LOWER_HALF, validToken, Reason.OTHER_RANGE);
    }

    @Test
    void garbageTokenStartsOverForMalformed() throws InterruptedException {
        assertStartsOver(AciRange.ALL, new byte[] {1, 2, 3}, Reason.MALFORMED);
    }

    @Test
    void oversizedTokenIsRefusedBeforeAnyFrame() throws InterruptedException {
        byte[] oversized = new byte[TokenCodec.DEFAULT_MAX_BYTES + 1];
        oversized[0] = TokenCodec.FORMAT_VERSION;

        StreamConsumer consumer = fixture.stream(AciRange.ALL, oversized);

        assertThat(consumer.awaitEnd()).isInstanceOf(InvalidRequestException.class);
        assertThat(consumer.frames()).isEmpty();
    }

    private void assertStartsOver(AciRange range, byte[] token, Reason reason) throws InterruptedException {
        StreamConsumer consumer = fixture.stream(range, token);
        consumer.awaitDatasetCurrent();

        List<Frame> frames = consumer.frames();
        assertThat(frames.getFirst().clearAll()).isTrue();
        assertThat(consumer.count(Frame::clearAll)).isOne();
        assertThat(ViewDiff.between(consumer.view(), fixture.tableView(range))).isEmpty();
        assertThat(fixture.metrics.notHonoured()).containsExactly(reason);
    }
}
