package org.accountstream.adapters.kinesis;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.accountstream.domain.AccountChange;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * A Kinesis stream of a test on kinesis-mock: created with a number of shards, written the way
 * the filter Lambda writes (one record per change, partition key the aci, one account's records
 * in order), resharded on demand, deleted by {@link #close()}.
 */
public final class KinesisTestStream implements AutoCloseable {

    private static final AtomicInteger NAMES = new AtomicInteger();

    private final KinesisClient kinesis;
    private final String name;
    private int reshards;

    private KinesisTestStream(KinesisClient kinesis, String name) {
        this.kinesis = kinesis;
        this.name = name;
    }

    /** A client of the mock at {@code endpoint}, with fake credentials, whose calls pass {@code interceptors}. */
    public static KinesisClient client(URI endpoint, ExecutionInterceptor... interceptors) {
        return KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .executionInterceptors(List.of(interceptors)).build())
                .build();
    }

    /** An async client of the mock at {@code endpoint} (HTTP/2, as SubscribeToShard needs), with fake credentials. */
    public static KinesisAsyncClient asyncClient(URI endpoint) {
        return KinesisAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP2))
                .build();
    }

    /** A new stream of {@code shards} shards, active when this returns. */
    public static KinesisTestStream create(KinesisClient kinesis, int shards) {
        String name = "accounts-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
        kinesis.createStream(request -> request.streamName(name).shardCount(shards));
        KinesisTestStream stream = new KinesisTestStream(kinesis, name);
        stream.awaitActive();
        return stream;
    }

    /** The shards open now. */
    public List<Shard> openShards() {
        return kinesis.listShards(request -> request.streamName(name)).shards().stream()
                .filter(shard -> shard.sequenceNumberRange().endingSequenceNumber() == null)
                .sorted(Comparator.comparing(shard -> new BigInteger(shard.hashKeyRange().startingHashKey())))
                .toList();
    }

    public String name() {
        return name;
    }

    public KinesisClient kinesis() {
        return kinesis;
    }

    /** Writes {@code changes} in order, one PutRecord each: ordered as one account's records must be. */
    public void put(List<AccountChange> changes) {
        for (AccountChange change : changes) {
            put(AccountRecordFormat.partitionKey(change.aci()), AccountRecordFormat.encode(change));
        }
    }

    /** Writes one record of any content. */
    public void put(String partitionKey, byte[] data) {
        kinesis.putRecord(request -> request.streamName(name).partitionKey(partitionKey)
                .data(SdkBytes.fromByteArrayUnsafe(data)));
    }

    /**
     * Grows the lineage: splits the open shard with the widest hash key range in two, or (every
     * third time, when two open shards are adjacent) merges the first adjacent pair.
     */
    public void reshard() {
        List<Shard> open = openShards();
        if (++reshards % 3 == 0 && open.size() > 1) {
            kinesis.mergeShards(request -> request.streamName(name)
                    .shardToMerge(open.get(0).shardId()).adjacentShardToMerge(open.get(1).shardId()));
        } else {
            Shard widest = open.stream().max(Comparator.comparing(KinesisTestStream::width)).orElseThrow();
            BigInteger start = new BigInteger(widest.hashKeyRange().startingHashKey());
            kinesis.splitShard(request -> request.streamName(name).shardToSplit(widest.shardId())
                    .newStartingHashKey(start.add(width(widest).shiftRight(1)).toString()));
        }
        awaitActive();
    }

    @Override
    public void close() {
        kinesis.deleteStream(request -> request.streamName(name).enforceConsumerDeletion(true));
    }

    private static BigInteger width(Shard shard) {
        return new BigInteger(shard.hashKeyRange().endingHashKey())
                .subtract(new BigInteger(shard.hashKeyRange().startingHashKey()));
    }

    /** The mock applies stream changes at once (its *_DURATION settings are 0 ms), yet reports them asynchronously. */
    private void awaitActive() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (kinesis.describeStreamSummary(request -> request.streamName(name))
                .streamDescriptionSummary().streamStatus() != StreamStatus.ACTIVE) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(name + " did not become active");
            }
            Thread.onSpinWait();
        }
    }
}
