package org.accountstream.adapters.dynamodb;

import java.util.ArrayList;
import java.util.List;
import org.accountstream.domain.Position;
import org.accountstream.domain.SequenceNumber;
import org.accountstream.domain.Shard;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.SequenceNumberRange;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The three DynamoDB Streams calls this adapter makes, bound to one stream, in domain terms.
 * Errors pass through unchanged; callers decide what each means for them.
 */
final class StreamShardClient {

    /** GetRecords answers at most this many records per call. */
    static final int MAX_RECORDS_PER_CALL = 1000;

    private final DynamoDbStreamsClient client;
    private final String streamArn;

    StreamShardClient(DynamoDbStreamsClient client, String streamArn) {
        this.client = client;
        this.streamArn = streamArn;
    }

    String streamArn() {
        return streamArn;
    }

    /** Every shard of the stream, following DescribeStream's pages. */
    List<Shard> describeShards(int pageSize) {
        List<Shard> shards = new ArrayList<>();
        String after = null;
        do {
            StreamDescription page = client.describeStream(DescribeStreamRequest.builder()
                    .streamArn(streamArn)
                    .limit(pageSize)
                    .exclusiveStartShardId(after)
                    .build()).streamDescription();
            page.shards().forEach(shard -> shards.add(toDomain(shard)));
            after = page.lastEvaluatedShardId();
        } while (after != null && !after.isEmpty());
        return shards;
    }

    /** An iterator at the first record after {@code from}: TRIM_HORIZON or AFTER_SEQUENCE_NUMBER. */
    String iteratorAt(String shardId, Position from) {
        GetShardIteratorRequest.Builder request = GetShardIteratorRequest.builder()
                .streamArn(streamArn)
                .shardId(shardId);
        switch (from) {
            case Position.NotStarted notStarted -> request.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
            case Position.After after -> request.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                    .sequenceNumber(StreamSequenceNumbers.format(after.sequence()));
            case Position.AtTimestamp at -> throw new IllegalArgumentException(
                    "DynamoDB Streams has no AT_TIMESTAMP iterator; positions are sequence numbers only");
        }
        return client.getShardIterator(request.build()).shardIterator();
    }

    /**
     * An iterator at {@code first}, the shard's StartingSequenceNumber: AT_SEQUENCE_NUMBER, which
     * DynamoDB Streams refuses with TrimmedDataAccessException (here or at GetRecords) once
     * retention trimmed that record, where TRIM_HORIZON would quietly begin after it.
     */
    String iteratorAtFirstRecord(String shardId, SequenceNumber first) {
        return client.getShardIterator(GetShardIteratorRequest.builder()
                .streamArn(streamArn)
                .shardId(shardId)
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                .sequenceNumber(StreamSequenceNumbers.format(first))
                .build()).shardIterator();
    }

    GetRecordsResponse records(String iterator, int limit) {
        return client.getRecords(GetRecordsRequest.builder()
                .shardIterator(iterator)
                .limit(Math.min(limit, MAX_RECORDS_PER_CALL))
                .build());
    }

    private static Shard toDomain(software.amazon.awssdk.services.dynamodb.model.Shard shard) {
        SequenceNumberRange range = shard.sequenceNumberRange();
        String parent = shard.parentShardId();
        return new Shard(shard.shardId(),
                parent == null || parent.isEmpty() ? null : parent,
                null, // DynamoDB shards split or roll over; they never merge
                range == null ? null : sequenceOrNull(range.startingSequenceNumber()),
                range == null ? null : sequenceOrNull(range.endingSequenceNumber()));
    }

    private static SequenceNumber sequenceOrNull(String wire) {
        return wire == null || wire.isEmpty() ? null : StreamSequenceNumbers.parse(wire);
    }
}
