package org.accountstream.lambda;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.accountstream.adapters.kinesis.AccountRecordFormat;
import org.accountstream.domain.AccountChange;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** A client of kinesis-mock for the tests, and a Kinesis stream read back: every record of every shard, in each shard's order. */
public final class KinesisRecords {

    private KinesisRecords() {
    }

    /** A client of kinesis-mock at {@code endpoint}: fake credentials, us-east-1. */
    public static KinesisClient client(URI endpoint) {
        return KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** The changes in {@code stream} by partition key, each key's in the order it was written. */
    public static Map<String, List<AccountChange>> byPartitionKey(KinesisClient kinesis, String stream) {
        Map<String, List<AccountChange>> changes = new LinkedHashMap<>();
        for (Record record : all(kinesis, stream)) {
            changes.computeIfAbsent(record.partitionKey(), key -> new ArrayList<>())
                    .addAll(AccountRecordFormat.decode(record.data().asByteArray()));
        }
        return changes;
    }

    /** Every record, shard by shard. */
    public static List<Record> all(KinesisClient kinesis, String stream) {
        List<Record> records = new ArrayList<>();
        for (Shard shard : kinesis.listShards(b -> b.streamName(stream)).shards()) {
            String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                String from = iterator;
                GetRecordsResponse page = kinesis.getRecords(b -> b.shardIterator(from));
                records.addAll(page.records());
                // an open shard always hands out a next iterator: stop at its tip
                iterator = page.records().isEmpty() ? null : page.nextShardIterator();
            }
        }
        return records;
    }
}
