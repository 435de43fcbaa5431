package org.accountstream.app;

import java.util.Map;
import java.util.function.LongSupplier;
import org.accountstream.adapters.dynamodb.DynamoDbSnapshotSource;
import org.accountstream.adapters.dynamodb.DynamoDbStreamsChangeFeed;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.SnapshotSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A DynamoDB accounts table and its DynamoDB stream, read through the given clients. In the aws
 * mode the clients come from the SDK's defaults: credentials and region from the default chains,
 * endpoints for local stand-ins from {@code AWS_ENDPOINT_URL_DYNAMODB} and
 * {@code AWS_ENDPOINT_URL_DYNAMODB_STREAMS}.
 */
final class DynamoDbSources implements Sources {

    private final DynamoDbClient tables;
    private final DynamoDbStreamsClient streams;
    private final DynamoDbSnapshotSource snapshots;
    private final DynamoDbStreamsChangeFeed feed;
    private final int scanParallelism;
    private final boolean ownsClients;

    /** Sources over clients they own: closing them closes the clients. */
    DynamoDbSources(DynamoDbClient tables, DynamoDbStreamsClient streams, AppSettings.Dynamo dynamo) {
        this(tables, streams, dynamo, true);
    }

    private DynamoDbSources(DynamoDbClient tables, DynamoDbStreamsClient streams, AppSettings.Dynamo dynamo,
                            boolean ownsClients) {
        this.ownsClients = ownsClients;
        this.tables = tables;
        this.streams = streams;
        this.snapshots = new DynamoDbSnapshotSource(tables, dynamo.table(), dynamo.attributes(),
                DynamoDbSnapshotSource.Settings.defaults().withSegments(dynamo.segments()));
        this.feed = DynamoDbStreamsChangeFeed.forTable(tables, streams, dynamo.table(), dynamo.attributes(),
                DynamoDbStreamsChangeFeed.Settings.defaults());
        this.scanParallelism = dynamo.readParallelism();
    }

    /**
     * Sources over clients that outlive them and are closed by their owner (the embedded
     * database's in-process clients; a test's database across application restarts).
     */
    static DynamoDbSources borrowing(DynamoDbClient tables, DynamoDbStreamsClient streams, AppSettings.Dynamo dynamo) {
        return new DynamoDbSources(tables, streams, dynamo, false);
    }

    static DynamoDbSources fromEnvironment(AppSettings.Dynamo dynamo) {
        return new DynamoDbSources(DynamoDbClient.create(), DynamoDbStreamsClient.create(), dynamo);
    }

    @Override
    public SnapshotSource snapshots() {
        return snapshots;
    }

    @Override
    public ChangeFeed feed() {
        return feed;
    }

    @Override
    public int scanParallelism() {
        return scanParallelism;
    }

    @Override
    public Map<String, LongSupplier> unreadableItems() {
        return Map.of("scan", snapshots::itemsSkipped, "stream", feed::imagesSkipped);
    }

    @Override
    public void close() {
        if (ownsClients) {
            streams.close();
            tables.close();
        }
    }
}
