package org.accountstream.app;

import java.math.BigInteger;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.ContinuationToken;
import org.accountstream.domain.Horizon;
import org.accountstream.domain.Position;
import org.accountstream.domain.SequenceNumber;
import org.accountstream.domain.TokenCodec;

/**
 * The largest token of the size table (README) and then some: 1,000 DynamoDB Streams-shaped shards
 * ({@code shardId-00000001700000000000-1a2b3c4d}, created within four hours), each after a 40-digit
 * sequence number, signed with the test servers' key ({@link RunningApp#TOKEN_KEY}).
 */
final class LargeTokens {

    private LargeTokens() {
    }

    /** Over 30,000 base64url characters; its shards are not the feed's, so the server cannot honour it. */
    static byte[] thousandShards(String feedId) {
        Random random = new Random(1000);
        Map<String, Position> horizon = new HashMap<>();
        while (horizon.size() < 1000) {
            String id = "shardId-%020d-%08x".formatted(1_700_000_000_000L + random.nextInt(14_400_000), random.nextInt());
            BigInteger fortyDigits = BigInteger.TEN.pow(39).add(new BigInteger(128, random));
            horizon.put(id, Position.after(new SequenceNumber(fortyDigits)));
        }
        TokenCodec codec = new TokenCodec(List.of(Base64.getDecoder().decode(RunningApp.TOKEN_KEY)),
                TokenCodec.DEFAULT_MAX_BYTES);
        return codec.encode(new ContinuationToken(feedId, AciRange.ALL, Horizon.of(horizon)));
    }
}
