package org.accountstream.domain;

import java.util.List;
import java.util.Random;
import org.accountstream.domain.AwsShapedTokens.Shape;

/**
 * Prints the size of AWS-shaped tokens ({@link AwsShapedTokens}) in format versions 1 and 2, in
 * bytes and in base64url characters (an SSE event id): whole-table tokens of 1, 4, 64 and 1,000
 * shards of each feed shape, and a token in the middle of a 64-segment snapshot (version 2 only:
 * version 1 cannot carry it). The values are random with a fixed seed.
 * {@code scripts/token-sizes.sh}
 */
public final class TokenSizes {

    private static final List<byte[]> KEYS = List.of(new byte[32]);

    private TokenSizes() {
    }

    public static void main(String[] args) {
        TokenCodec v1 = new TokenCodec(KEYS, TokenCodec.DEFAULT_MAX_BYTES, 1);
        TokenCodec v2 = new TokenCodec(KEYS, TokenCodec.DEFAULT_MAX_BYTES, 2);
        System.out.printf("%-34s %9s %9s %9s %9s%n", "token (whole table)", "v1 bytes", "v1 chars", "v2 bytes", "v2 chars");
        for (Shape shape : Shape.values()) {
            for (int shards : new int[] {1, 4, 64, 1000}) {
                ContinuationToken token = AwsShapedTokens.token(shape, shards, new Random(shards));
                String name = "%,d %s shard%s".formatted(shards, shape == Shape.KINESIS ? "Kinesis" : "DynamoDB Streams",
                        shards == 1 ? "" : "s");
                row(name, v1.encode(token), v2.encode(token));
            }
        }
        row("mid-snapshot, 64 segments", null, v2.encode(AwsShapedTokens.midSnapshot(new Random(64))));
    }

    private static void row(String name, byte[] v1, byte[] v2) {
        System.out.printf("%-34s %9s %9s %,9d %,9d%n", name,
                v1 == null ? "-" : "%,d".formatted(v1.length),
                v1 == null ? "-" : "%,d".formatted(TokenCodec.toBase64Url(v1).length()),
                v2.length, TokenCodec.toBase64Url(v2).length());
    }
}
