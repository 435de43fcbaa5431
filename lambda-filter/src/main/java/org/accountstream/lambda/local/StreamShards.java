package org.accountstream.lambda.local;

import java.util.ArrayList;
import java.util.List;
import org.accountstream.domain.Shard;
import org.accountstream.domain.SequenceNumber;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.SequenceNumberRange;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The DynamoDB Streams calls of the runner, bound to one stream. Errors pass through unchanged. */
final class StreamShards {

    private final DynamoDbStreamsClient client;
    private final String streamArn;

    StreamShards(DynamoDbStreamsClient client, String streamArn) {
        this.client = client;
        this.streamArn = streamArn;
    }

    String streamArn() {
        return streamArn;
    }

    /**
     * The stream of {@code table}, which must carry NEW_AND_OLD_IMAGES: without the old image a
     * delete derives nothing, and consumers would keep deleted accounts for ever.
     *
     * @throws UsageException when the table has no such stream
     */
    static StreamShards ofTable(DynamoDbClient tables, DynamoDbStreamsClient streams, String table) {
        TableDescription description;
        try {
            description = tables.describeTable(request -> request.tableName(table)).table();
        } catch (ResourceNotFoundException e) {
            throw new UsageException("there is no DynamoDB table " + table);
        }
        StreamSpecification stream = description.streamSpecification();
        if (stream == null || !Boolean.TRUE.equals(stream.streamEnabled()) || description.latestStreamArn() == null) {
            throw new UsageException("table " + table + " has no stream: enable one with the view type"
                    + " NEW_AND_OLD_IMAGES (aws dynamodb update-table --table-name " + table
                    + " --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES)");
        }
        if (stream.streamViewType() != StreamViewType.NEW_AND_OLD_IMAGES) {
            throw new UsageException("the stream of table " + table + " carries " + stream.streamViewTypeAsString()
                    + "; the filter needs NEW_AND_OLD_IMAGES");
        }
        return new StreamShards(streams, description.latestStreamArn());
    }

    /** Every shard of the stream, following DescribeStream's pages. */
    List<Shard> list() {
        List<Shard> shards = new ArrayList<>();
        String after = null;
        do {
            String from = after;
            StreamDescription page = client.describeStream(request -> request.streamArn(streamArn)
                    .exclusiveStartShardId(from)).streamDescription();
            page.shards().forEach(shard -> shards.add(new Shard(shard.shardId(), shard.parentShardId(), null, null,
                    endOf(shard.sequenceNumberRange()))));
            after = page.lastEvaluatedShardId();
        } while (after != null && !after.isEmpty());
        return shards;
    }

    /** An iterator of {@code type}; {@code sequenceNumber} only for the AT/AFTER_SEQUENCE_NUMBER types. */
    String iterator(String shardId, ShardIteratorType type, String sequenceNumber) {
        GetShardIteratorRequest.Builder request = GetShardIteratorRequest.builder()
                .streamArn(streamArn).shardId(shardId).shardIteratorType(type);
        if (sequenceNumber != null) {
            request.sequenceNumber(sequenceNumber);
        }
        return client.getShardIterator(request.build()).shardIterator();
    }

    GetRecordsResponse records(String iterator, int limit) {
        return client.getRecords(request -> request.shardIterator(iterator).limit(limit));
    }

    /** A closed shard's last sequence number; null for an open shard. */
    private static SequenceNumber endOf(SequenceNumberRange range) {
        return range == null || range.endingSequenceNumber() == null ? null : SequenceNumber.of(range.endingSequenceNumber());
    }
}
