package org.accountstream.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.accountstream.domain.AwsShapedTokens.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The size targets of token format version 2, with AWS-shaped values ({@link AwsShapedTokens}). */
class TokenSizeTest {

    private static final int HORIZON_OF_1000_LIMIT = 24 * 1024;
    private static final TokenCodec CODEC = new TokenCodec(List.of(new byte[32]), TokenCodec.DEFAULT_MAX_BYTES);

    @ParameterizedTest
    @EnumSource(Shape.class)
    void horizonOfAThousandShardsFitsIn24KiB(Shape shape) {
        for (int seed = 0; seed < 10; seed++) {
            ContinuationToken token = AwsShapedTokens.token(shape, 1000, new Random(seed));

            byte[] encoded = CODEC.encode(token);

            assertThat(encoded.length).as("seed %d", seed).isLessThanOrEqualTo(HORIZON_OF_1000_LIMIT);
            assertThat(CODEC.check(encoded, token.feedId(), token.range())).isEqualTo(new TokenCheck.Usable(token));
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void wholeTableTokenOfFourShardsStaysUnder300Bytes(Shape shape) {
        for (int seed = 0; seed < 10; seed++) {
            ContinuationToken token = AwsShapedTokens.token(shape, 4, new Random(seed));

            assertThat(CODEC.encode(token).length).as("seed %d", seed).isLessThan(300);
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void versionTwoIsLessThanHalfOfVersionOneForManyShards(Shape shape) {
        ContinuationToken token = AwsShapedTokens.token(shape, 1000, new Random(1));
        TokenCodec v1 = new TokenCodec(List.of(new byte[32]), TokenCodec.DEFAULT_MAX_BYTES, 1);

        assertThat(CODEC.encode(token).length).isLessThan(v1.encode(token).length / 2);
    }

    /** No target was set; 914 bytes when measured (README's table): 30 cursors of 17 bytes are most of it. */
    @Test
    void midSnapshotTokenOf64SegmentsStaysUnderOneKiB() {
        ContinuationToken token = AwsShapedTokens.midSnapshot(new Random(64));

        byte[] encoded = CODEC.encode(token);

        assertThat(encoded.length).isLessThan(1024);
        assertThat(CODEC.check(encoded, token.feedId(), token.range())).isEqualTo(new TokenCheck.Usable(token));
    }
}
