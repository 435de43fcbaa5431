package org.accountstream.adapters.dynamodb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.accountstream.domain.Account;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * DynamoDB Local in this JVM (a fresh in-memory database, telemetry off) with one accounts table:
 * hash key {@code U} (binary), optionally with a NEW_AND_OLD_IMAGES stream. Close it: its threads
 * are not daemons.
 */
final class LocalDynamoDb implements AutoCloseable {

    static final String TABLE = "accounts";
    private static final int BATCH = 25; // BatchWriteItem's limit

    private final AmazonDynamoDBLocal local;
    private final AccountAttributes attributes = AccountAttributes.defaults();
    private final String streamArn;

    private LocalDynamoDb(boolean withStream) {
        this.local = DynamoDBEmbedded.create(true);
        try {
            CreateTableRequest.Builder table = CreateTableRequest.builder()
                    .tableName(TABLE)
                    .keySchema(KeySchemaElement.builder().attributeName("U").keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder()
                            .attributeName("U").attributeType(ScalarAttributeType.B).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST);
            if (withStream) {
                table.streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES));
            }
            this.streamArn = local.dynamoDbClient().createTable(table.build()).tableDescription().latestStreamArn();
        } catch (RuntimeException e) {
            local.shutdown();
            throw e;
        }
    }

    static LocalDynamoDb withStream() {
        return new LocalDynamoDb(true);
    }

    static LocalDynamoDb withoutStream() {
        return new LocalDynamoDb(false);
    }

    DynamoDbClient client() {
        return local.dynamoDbClient();
    }

    DynamoDbStreamsClient streams() {
        return local.dynamoDbStreamsClient();
    }

    String streamArn() {
        return streamArn;
    }

    /** Closes every open shard of every stream and opens a child for each (DynamoDB Local only). */
    void rollOverShards() {
        local.triggerShardRollovers();
    }

    /**
     * Makes every stream record and shard {@code by} older (DynamoDB Local only): retention then
     * trims records older than 24 h, shards older than 4 h roll over, earlier iterators expire.
     */
    void age(Duration by) {
        local.dilateEventTimes(by.toMillis());
    }

    void put(Account account) {
        putItem(attributes.encode(account));
    }

    void putItem(Map<String, AttributeValue> item) {
        client().putItem(b -> b.tableName(TABLE).item(item));
    }

    void delete(UUID aci) {
        client().deleteItem(b -> b.tableName(TABLE).key(attributes.key(aci)));
    }

    /** Writes many items with BatchWriteItem on a few threads. */
    void putAll(List<Map<String, AttributeValue>> items) throws Exception {
        List<List<Map<String, AttributeValue>>> batches = new ArrayList<>();
        for (int i = 0; i < items.size(); i += BATCH) {
            batches.add(items.subList(i, Math.min(items.size(), i + BATCH)));
        }
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<?>> done = new ArrayList<>();
            for (List<Map<String, AttributeValue>> batch : batches) {
                done.add(threads.submit(() -> writeBatch(batch)));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }
    }

    private void writeBatch(List<Map<String, AttributeValue>> batch) {
        List<WriteRequest> writes = batch.stream()
                .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build())
                .toList();
        Map<String, List<WriteRequest>> pending = Map.of(TABLE, writes);
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> request = pending;
            BatchWriteItemResponse response = client().batchWriteItem(b -> b.requestItems(request));
            pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
        }
    }

    @Override
    public void close() {
        local.shutdown();
    }
}
