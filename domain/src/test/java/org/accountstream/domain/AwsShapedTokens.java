package org.accountstream.domain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Tokens shaped like those of real AWS feeds, for the size tests and {@link TokenSizes}. Every
 * shard of a horizon has a sequence-number position (the largest kind). How the values are made:
 * <ul>
 *   <li>Kinesis: ids {@code shardId-000000001234} (12 digits), those of the open shards of a
 *       resharded stream, so increasing by 1 to 3; sequence numbers of 56 digits. Real ones of one
 *       stream share a long leading prefix (49590338271490256608559692538361571095921575989136588898
 *       and 49590338271490256608559692540925702759324208523137515618 share 26 digits), so each is
 *       that 26-digit prefix and 30 random digits.</li>
 *   <li>DynamoDB Streams: ids {@code shardId-00000001700000000000-1a2b3c4d}, the shard's creation
 *       time in milliseconds (20 digits, zero padded), then 8 random hex digits. A table's shards
 *       roll over about every four hours, so its open shards were created within four hours of
 *       each other: times are random in one four-hour window. Sequence numbers have 21 to 40
 *       digits, all random, sharing no prefix (the worst case for the codec).</li>
 * </ul>
 */
final class AwsShapedTokens {

    static final String KINESIS_FEED = "arn:aws:kinesis:eu-west-1:123456789012:stream/accounts-filtered";
    static final String DYNAMODB_FEED =
            "arn:aws:dynamodb:eu-west-1:123456789012:table/accounts/stream/2024-05-01T12:00:00.000";
    static final String TABLE_ID = "arn:aws:dynamodb:eu-west-1:123456789012:table/accounts@1714564800000";

    private static final String KINESIS_SEQUENCE_PREFIX = "49590338271490256608559692";
    private static final long FOUR_HOURS_MILLIS = 4 * 3600 * 1000L;

    enum Shape { KINESIS, DYNAMODB_STREAMS }

    private AwsShapedTokens() {
    }

    /** A whole-table token of {@code shards} shards of {@code shape}'s feed. */
    static ContinuationToken token(Shape shape, int shards, Random random) {
        Horizon horizon = shape == Shape.KINESIS ? kinesisHorizon(shards, random) : dynamoDbHorizon(shards, random);
        return new ContinuationToken(feedId(shape), AciRange.ALL, horizon);
    }

    static String feedId(Shape shape) {
        return shape == Shape.KINESIS ? KINESIS_FEED : DYNAMODB_FEED;
    }

    /**
     * A whole-table token in the middle of a snapshot of the DynamoDB Streams feed: 4 shards in its
     * start horizon, 64 segments, 20 done and 30 in progress (picked at random), each cursor a type
     * byte and 16 random bytes (an aci).
     */
    static ContinuationToken midSnapshot(Random random) {
        List<Integer> segments = new ArrayList<>(IntStream.range(0, 64).boxed().toList());
        java.util.Collections.shuffle(segments, random);
        TreeMap<Integer, SegmentCursor> cursors = new TreeMap<>();
        for (int segment : segments.subList(20, 50)) {
            byte[] cursor = new byte[17];
            random.nextBytes(cursor);
            cursor[0] = 1;
            cursors.put(segment, new SegmentCursor(cursor));
        }
        SnapshotProgress progress = new SnapshotProgress(TABLE_ID, 64, new TreeSet<>(segments.subList(0, 20)), cursors);
        return new ContinuationToken(DYNAMODB_FEED, AciRange.ALL, dynamoDbHorizon(4, random), Optional.of(progress));
    }

    private static Horizon kinesisHorizon(int shards, Random random) {
        Map<String, Position> positions = new TreeMap<>();
        long id = random.nextInt(1000);
        for (int i = 0; i < shards; i++) {
            id += 1 + random.nextInt(3);
            positions.put("shardId-%012d".formatted(id), after(KINESIS_SEQUENCE_PREFIX + digits(30, random)));
        }
        return Horizon.of(positions);
    }

    private static Horizon dynamoDbHorizon(int shards, Random random) {
        Map<String, Position> positions = new TreeMap<>();
        long windowStart = 1_700_000_000_000L + random.nextLong(FOUR_HOURS_MILLIS * 1000);
        while (positions.size() < shards) {
            long created = windowStart + random.nextLong(FOUR_HOURS_MILLIS);
            String id = "shardId-%020d-%08x".formatted(created, random.nextInt());
            positions.put(id, after(String.valueOf(1 + random.nextInt(9)) + digits(20 + random.nextInt(20), random)));
        }
        return Horizon.of(positions);
    }

    private static Position after(String digits) {
        return Position.after(new SequenceNumber(new BigInteger(digits)));
    }

    private static String digits(int count, Random random) {
        StringBuilder digits = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }
}
