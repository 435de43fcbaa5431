package org.accountstream.app;

import java.util.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The embedded accounts table's two steps around seeding: created without a stream (in the key
 * layout {@code DynamoDbAccountTable} writes: a binary aci hash key), then given its
 * NEW_AND_OLD_IMAGES stream once the demo accounts are in.
 */
final class StreamlessTable {

    private static final Logger LOG = Logger.getLogger(StreamlessTable.class.getName());

    private StreamlessTable() {
    }

    static void create(DynamoDbClient client, String table, String aciAttribute) {
        client.createTable(create -> create
                .tableName(table)
                .keySchema(KeySchemaElement.builder().attributeName(aciAttribute).keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName(aciAttribute).attributeType(ScalarAttributeType.B).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        LOG.info(() -> "created table " + table + " (its stream is enabled after seeding)");
    }

    static void enableStream(DynamoDbClient client, String table) {
        client.updateTable(update -> update.tableName(table)
                .streamSpecification(stream -> stream.streamEnabled(true)
                        .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        LOG.info(() -> "enabled the NEW_AND_OLD_IMAGES stream of table " + table);
    }
}
