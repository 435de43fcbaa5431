package org.accountstream.adapters.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.logging.Logger;
import org.accountstream.domain.Account;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes accounts to a DynamoDB accounts table in the item layout {@link AccountAttributes}
 * reads: what the embedded mode's demo writer and the tests use to change the table the way
 * Signal's servers would.
 */
public final class DynamoDbAccountTable {

    private static final Logger LOG = Logger.getLogger(DynamoDbAccountTable.class.getName());
    private static final int BATCH_WRITE_LIMIT = 25;
    private static final int PARALLEL_BATCHES = 8;

    private final DynamoDbClient client;
    private final String tableName;
    private final AccountAttributes attributes;

    public DynamoDbAccountTable(DynamoDbClient client, String tableName, AccountAttributes attributes) {
        this.client = client;
        this.tableName = tableName;
        this.attributes = attributes;
    }

    public String name() {
        return tableName;
    }

    /**
     * Creates the table (hash key = the aci attribute, binary) with a NEW_AND_OLD_IMAGES stream,
     * unless it exists already.
     */
    public void createIfMissing() {
        try {
            client.createTable(createRequest().streamSpecification(DynamoDbAccountTable::newAndOldImages).build());
            LOG.info(() -> "created table " + tableName + " with a NEW_AND_OLD_IMAGES stream");
        } catch (ResourceInUseException exists) {
            LOG.info(() -> "table " + tableName + " exists");
        }
    }

    /**
     * Creates the table in the same layout but without a stream, for a bulk load whose writes no
     * stream reader needs; {@link #enableStream()} adds the stream afterwards.
     *
     * @throws ResourceInUseException if the table exists
     */
    public void createWithoutStream() {
        client.createTable(createRequest().build());
        LOG.info(() -> "created table " + tableName + " (its stream is enabled after loading)");
    }

    /** Gives the table its NEW_AND_OLD_IMAGES stream. */
    public void enableStream() {
        client.updateTable(update -> update.tableName(tableName)
                .streamSpecification(DynamoDbAccountTable::newAndOldImages));
        LOG.info(() -> "enabled the NEW_AND_OLD_IMAGES stream of table " + tableName);
    }

    private CreateTableRequest.Builder createRequest() {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .keySchema(KeySchemaElement.builder().attributeName(attributes.aci()).keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName(attributes.aci()).attributeType(ScalarAttributeType.B).build())
                .billingMode(BillingMode.PAY_PER_REQUEST);
    }

    private static void newAndOldImages(StreamSpecification.Builder stream) {
        stream.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
    }

    public void put(Account account) {
        client.putItem(put -> put.tableName(tableName).item(attributes.encode(account)));
    }

    /**
     * Writes in batches of 25, {@value #PARALLEL_BATCHES} batches at a time, retrying what
     * DynamoDB leaves unprocessed; returns when all are written.
     */
    public void putAll(List<Account> accounts) {
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore inFlight = new Semaphore(PARALLEL_BATCHES);
            List<Future<?>> batches = new ArrayList<>();
            for (int from = 0; from < accounts.size(); from += BATCH_WRITE_LIMIT) {
                List<Account> batch = accounts.subList(from, Math.min(accounts.size(), from + BATCH_WRITE_LIMIT));
                inFlight.acquireUninterruptibly();
                batches.add(writers.submit(() -> {
                    try {
                        writeBatch(batch);
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            for (Future<?> batch : batches) {
                batch.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing accounts", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    private void writeBatch(List<Account> batch) {
        List<WriteRequest> writes = new ArrayList<>();
        for (Account account : batch) {
            writes.add(WriteRequest.builder()
                    .putRequest(PutRequest.builder().item(attributes.encode(account)).build()).build());
        }
        Map<String, List<WriteRequest>> pending = Map.of(tableName, writes);
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> request = pending;
            pending = client.batchWriteItem(write -> write.requestItems(request)).unprocessedItems();
        }
    }

    public void delete(UUID aci) {
        client.deleteItem(delete -> delete.tableName(tableName).key(attributes.key(aci)));
    }

    /** The account, read consistently; empty when absent or malformed. */
    public Optional<Account> get(UUID aci) {
        Map<String, AttributeValue> item = client.getItem(get -> get.tableName(tableName)
                .key(attributes.key(aci)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(attributes.decode(item));
        } catch (MalformedItemException e) {
            return Optional.empty();
        }
    }
}
