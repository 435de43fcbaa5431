package org.accountstream.lambda.local;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.accountstream.adapters.dynamodb.AccountAttributes;
import org.accountstream.adapters.dynamodb.DynamoDbAccountTable;
import org.accountstream.domain.Account;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * DynamoDB Local in this JVM (a fresh in-memory database) with an accounts table and its
 * NEW_AND_OLD_IMAGES stream, written as the service writes it. Close it: its threads are not daemons.
 */
final class LocalTable implements AutoCloseable {

    static final String TABLE = "accounts";

    private final AmazonDynamoDBLocal local = DynamoDBEmbedded.create(true);
    private final DynamoDbAccountTable accounts =
            new DynamoDbAccountTable(local.dynamoDbClient(), TABLE, AccountAttributes.defaults());

    LocalTable() {
        accounts.createIfMissing();
    }

    DynamoDbClient tables() {
        return local.dynamoDbClient();
    }

    DynamoDbStreamsClient streams() {
        return local.dynamoDbStreamsClient();
    }

    StreamShards stream() {
        return StreamShards.ofTable(tables(), streams(), TABLE);
    }

    void put(Account account) {
        accounts.put(account);
    }

    /** Writes {@code account} with a field consumers never see changed: a no-op for them. */
    void touch(Account account, long lastSeen) {
        Map<String, AttributeValue> item = new HashMap<>(AccountAttributes.defaults().encode(account));
        item.put("lastSeen", AttributeValue.fromN(Long.toString(lastSeen)));
        tables().putItem(request -> request.tableName(TABLE).item(item));
    }

    void delete(UUID aci) {
        accounts.delete(aci);
    }

    /** Closes every open shard and opens a child for each (DynamoDB Local only). */
    void rollOverShards() {
        local.triggerShardRollovers();
    }

    @Override
    public void close() {
        local.shutdown();
    }
}
