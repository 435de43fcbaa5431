package org.accountstream.adapters.dynamodb;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.accountstream.domain.Account;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * DynamoDB Local in this JVM (a fresh in-memory database, telemetry off) with one accounts table
 * made and written by {@link DynamoDbAccountTable}, optionally with its NEW_AND_OLD_IMAGES
 * stream. Close it: its threads are not daemons.
 */
final class LocalDynamoDb implements AutoCloseable {

    static final String TABLE = "accounts";

    private final AmazonDynamoDBLocal local;
    private final DynamoDbAccountTable accounts;
    private final String streamArn;

    private LocalDynamoDb(boolean withStream) {
        this.local = DynamoDBEmbedded.create(true);
        try {
            this.accounts = new DynamoDbAccountTable(client(), TABLE, AccountAttributes.defaults());
            if (withStream) {
                accounts.createIfMissing();
            } else {
                accounts.createWithoutStream();
            }
            this.streamArn = client().describeTable(b -> b.tableName(TABLE)).table().latestStreamArn();
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

    /** The table's stream; null without one. */
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
        accounts.put(account);
    }

    /** Writes {@code item} as it is: for items {@link AccountAttributes#encode} never makes. */
    void putItem(Map<String, AttributeValue> item) {
        client().putItem(b -> b.tableName(TABLE).item(item));
    }

    void delete(UUID aci) {
        accounts.delete(aci);
    }

    /** Writes many accounts with BatchWriteItem, a few batches at a time. */
    void putAll(List<Account> all) {
        accounts.putAll(all);
    }

    @Override
    public void close() {
        local.shutdown();
    }
}
