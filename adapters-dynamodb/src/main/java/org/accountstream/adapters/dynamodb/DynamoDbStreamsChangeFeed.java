package org.accountstream.adapters.dynamodb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.accountstream.aws.Backoff;
import org.accountstream.aws.ShardIteratorCache;
import org.accountstream.domain.FeedRecord;
import org.accountstream.domain.Horizon;
import org.accountstream.domain.Position;
import org.accountstream.domain.SequenceNumber;
import org.accountstream.domain.Shard;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.ShardReadResult;
import org.accountstream.ports.out.SourceUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The accounts table's DynamoDB stream as the change feed. Each stream record becomes one
 * {@link FeedRecord} whose changes are derived from its old and new images (DESIGN §3); the
 * stream must therefore carry {@code NEW_AND_OLD_IMAGES}.
 *
 * <p>Shards: DynamoDB rolls an open shard over every few hours (and splits it as the table
 * grows); a closed shard lists its ending sequence number, and its children list it as parent.
 * Reading a closed shard to its end answers {@code shardEnded} ({@code nextShardIterator} is
 * null), and the horizon moves on to the children (DESIGN §4).
 *
 * <p>Positions: not started reads from the shard's first record (see {@link #read}), after S from
 * AFTER_SEQUENCE_NUMBER S. DynamoDB Streams has no AT_TIMESTAMP, so {@link Position.AtTimestamp} is
 * refused. Reads keep the next iterator of each (shard, end position) in a
 * {@link ShardIteratorCache}, so a reader reading on costs one call per read; an expired one is
 * replaced from the position.
 *
 * <p>Listing: {@link #listShards()} runs on every resume and at every shard end, and DynamoDB
 * Streams allows about ten DescribeStream calls a second per stream, so listings are shared for a
 * short while by a {@link ShardListCache}.
 *
 * <p>Heads: there is no call that returns an open shard's newest sequence number, so
 * {@link #captureHead()} reads the shards' tips with the shared {@link StreamHeadReader}.
 *
 * <p>{@code millisBehindLatest}: the service says nothing about it, so a batch with records
 * answers 1 (read on) and an empty one 0 (at the tip).
 */
public final class DynamoDbStreamsChangeFeed implements ChangeFeed {

    private static final Logger LOG = Logger.getLogger(DynamoDbStreamsChangeFeed.class.getName());

    /**
     * @param describePageSize    shards per DescribeStream page (1..100)
     * @param shardListTtl        how long one listing of the shards is shared (see {@link ShardListCache});
     *                            zero lists on every call
     * @param throttledPause      the pause a throttled read asks its caller for
     * @param iteratorCacheSize   next iterators kept for readers that read on
     * @param iteratorMaxAge      cached iterators older than this are not used (they live 15 min)
     * @param headReadParallelism shards whose heads are read at once while capturing the head
     * @param backoff             retries of throttled DescribeStream calls and head reads
     */
    public record Settings(int describePageSize, Duration shardListTtl, Duration throttledPause,
                           int iteratorCacheSize, Duration iteratorMaxAge, int headReadParallelism,
                           Backoff backoff) {
        public Settings {
            if (describePageSize < 1 || describePageSize > 100) {
                throw new IllegalArgumentException("describe page size must be in 1..100: " + describePageSize);
            }
            if (shardListTtl.isNegative() || shardListTtl.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("shard list TTL must be in 0..1 min: " + shardListTtl);
            }
            if (throttledPause.isNegative() || iteratorCacheSize < 0 || headReadParallelism < 1
                    || iteratorMaxAge.compareTo(Duration.ofMinutes(15)) >= 0) {
                throw new IllegalArgumentException("invalid settings: " + throttledPause + ", " + iteratorCacheSize
                        + ", " + iteratorMaxAge + ", " + headReadParallelism);
            }
            Objects.requireNonNull(backoff, "backoff");
        }

        public static Settings defaults() {
            return new Settings(100, Duration.ofSeconds(1), Duration.ofMillis(250), 10_000, Duration.ofMinutes(10), 16,
                    Backoff.defaults());
        }

        public Settings withDescribePageSize(int size) {
            return new Settings(size, shardListTtl, throttledPause, iteratorCacheSize, iteratorMaxAge,
                    headReadParallelism, backoff);
        }

        public Settings withShardListTtl(Duration ttl) {
            return new Settings(describePageSize, ttl, throttledPause, iteratorCacheSize, iteratorMaxAge,
                    headReadParallelism, backoff);
        }

        public Settings withBackoff(Backoff retries) {
            return new Settings(describePageSize, shardListTtl, throttledPause, iteratorCacheSize, iteratorMaxAge,
                    headReadParallelism, retries);
        }
    }

    private final StreamShardClient shards;
    private final Settings settings;
    private final ShardListCache shardList;
    private final StreamRecordDecoder decoder;
    private final ShardIteratorCache iterators;
    private final StreamHeadReader head;

    public DynamoDbStreamsChangeFeed(DynamoDbStreamsClient client, String streamArn, AccountAttributes attributes,
                                     Settings settings) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(streamArn, "streamArn");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.shards = new StreamShardClient(client, streamArn);
        this.shardList = new ShardListCache(this::describeShards, settings.shardListTtl(), streamArn);
        this.decoder = new StreamRecordDecoder(Objects.requireNonNull(attributes, "attributes"));
        this.iterators = new ShardIteratorCache(settings.iteratorCacheSize(), settings.iteratorMaxAge());
        this.head = new StreamHeadReader(shards, settings.backoff(), settings.headReadParallelism());
    }

    /**
     * The feed of {@code tableName}'s current stream, checked to carry both images.
     *
     * @throws IllegalStateException when the table has no stream or one without old and new images
     */
    public static DynamoDbStreamsChangeFeed forTable(DynamoDbClient tables, DynamoDbStreamsClient streams,
                                                     String tableName, AccountAttributes attributes,
                                                     Settings settings) {
        TableDescription table = tables.describeTable(DescribeTableRequest.builder().tableName(tableName).build()).table();
        StreamSpecification stream = table.streamSpecification();
        if (stream == null || !Boolean.TRUE.equals(stream.streamEnabled()) || table.latestStreamArn() == null) {
            throw new IllegalStateException("table " + tableName + " has no stream");
        }
        if (stream.streamViewType() != StreamViewType.NEW_AND_OLD_IMAGES) {
            throw new IllegalStateException("the stream of " + tableName + " carries " + stream.streamViewTypeAsString()
                    + "; change derivation needs NEW_AND_OLD_IMAGES");
        }
        return new DynamoDbStreamsChangeFeed(streams, table.latestStreamArn(), attributes, settings);
    }

    /** The stream's ARN: a new stream (disabled and re-enabled) is another feed. */
    @Override
    public String feedId() {
        return shards.streamArn();
    }

    /**
     * Every shard of the stream, from a listing shared for {@link Settings#shardListTtl()}; after a
     * read found a shard's end, from a listing that began later (so it holds the shard's children).
     */
    @Override
    public List<Shard> listShards() {
        return shardList.shards();
    }

    /**
     * After the newest record of every open shard (not started for an empty one), read by the
     * shared head readers: once from the trim horizon per server, then only what is new. Every
     * record written after this returns follows the horizon; one written before it was called is
     * not replayed (unless throttling cut a head read short, when a little more is).
     */
    @Override
    public Horizon captureHead() {
        return head.capture(listShards());
    }

    /** Reads every open shard to its tip with the shared head readers, so the first client does not wait for it. */
    @Override
    public void warmUp() {
        captureHead();
    }

    /**
     * {@inheritDoc}
     *
     * <p><b>A never-started shard is read from its first record or answers Trimmed.</b> Not started
     * means nothing of the shard was delivered, and retention may have trimmed its first records
     * (a child the consumer reached a day late); TRIM_HORIZON would then begin after them and the
     * consumer would miss changes unknowingly (DESIGN §1). So the first read asks for AT_SEQUENCE_NUMBER at the
     * shard's StartingSequenceNumber, "the first sequence number for the stream records contained
     * within a shard", which DynamoDB Streams answers with TrimmedDataAccessException once that is
     * older than the trim point. A shard the current listing does not hold is younger than that
     * listing, so retention trimmed none of it yet: it is read from TRIM_HORIZON, as is a listed
     * shard without a starting sequence number (optional in the API; nothing to check against).
     */
    @Override
    public ShardReadResult read(String shardId, Position from, int maxRecords) {
        Objects.requireNonNull(shardId, "shardId");
        if (from instanceof Position.AtTimestamp) {
            throw new IllegalArgumentException("DynamoDB Streams cannot read from a timestamp: " + from);
        }
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be positive: " + maxRecords);
        }
        int limit = Math.min(maxRecords, StreamShardClient.MAX_RECORDS_PER_CALL);
        try {
            long issued = System.nanoTime();
            GetRecordsResponse response = getRecords(shardId, from, limit);
            List<Record> records = response.records();
            List<FeedRecord> feedRecords = new ArrayList<>(records.size());
            for (Record record : records) {
                feedRecords.add(decoder.decode(record));
            }
            Position end = feedRecords.isEmpty() ? from : Position.after(feedRecords.getLast().sequence());
            String next = response.nextShardIterator();
            if (next != null) {
                iterators.put(shardId, end, next, issued);
            } else {
                shardList.shardEnded(shardId);
            }
            return new ShardReadResult.Batch(feedRecords, next == null, feedRecords.isEmpty() ? 0 : 1);
        } catch (TrimmedDataAccessException | ResourceNotFoundException e) {
            return new ShardReadResult.Trimmed(); // the position, or the whole shard, fell to retention
        } catch (SdkException e) {
            if (AwsErrors.isThrottling(e)) {
                return new ShardReadResult.Throttled(settings.throttledPause());
            }
            throw AwsErrors.isOutage(e) ? new SourceUnavailableException("reading shard " + shardId + " of "
                    + feedId() + " failed", e) : e;
        }
    }

    /** Stream images that were not readable accounts and were treated as absent. */
    public long imagesSkipped() {
        return decoder.imagesSkipped();
    }

    /** Open shards whose heads the shared head readers track. */
    public Set<String> headTrackedShards() {
        return head.trackedShards();
    }

    private GetRecordsResponse getRecords(String shardId, Position from, int limit) {
        String cached = iterators.take(shardId, from);
        if (cached != null) {
            try {
                return shards.records(cached, limit);
            } catch (ExpiredIteratorException e) {
                // Fall through: a fresh iterator from the same position reads the same records.
            }
        }
        return shards.records(newIterator(shardId, from), limit);
    }

    private String newIterator(String shardId, Position from) {
        if (from instanceof Position.NotStarted) {
            SequenceNumber first = listShards().stream()
                    .filter(shard -> shard.id().equals(shardId))
                    .map(Shard::startingSequence)
                    .filter(Objects::nonNull)
                    .findFirst().orElse(null);
            if (first != null) {
                try {
                    return shards.iteratorAtFirstRecord(shardId, first);
                } catch (DynamoDbException e) {
                    if (!isInvalidRequest(e)) {
                        throw e;
                    }
                    // No record at the starting number (an empty shard, if a service answers so):
                    // nothing can have been trimmed, so TRIM_HORIZON misses nothing.
                    LOG.log(Level.FINE, "AT_SEQUENCE_NUMBER refused for " + shardId + "; reading from TRIM_HORIZON", e);
                }
            }
        }
        return shards.iteratorAt(shardId, from);
    }

    /** A 400 that is neither throttling nor trimming: the service found the request itself invalid. */
    private static boolean isInvalidRequest(DynamoDbException e) {
        return e.statusCode() == 400 && !AwsErrors.isThrottling(e)
                && !(e instanceof TrimmedDataAccessException) && !(e instanceof ResourceNotFoundException);
    }

    /** All DescribeStream pages; a throttled listing starts over while the backoff allows. */
    private List<Shard> describeShards() {
        for (int retry = 1; ; retry++) {
            try {
                return shards.describeShards(settings.describePageSize());
            } catch (SdkException e) {
                if (!AwsErrors.isThrottling(e) || !settings.backoff().allowsRetry(retry)) {
                    throw AwsErrors.isOutage(e) || AwsErrors.isThrottling(e)
                            ? new SourceUnavailableException("listing the shards of " + feedId() + " failed", e)
                            : e;
                }
                pauseBeforeListingAgain(retry);
            }
        }
    }

    /** {@link #listShards()} declares no InterruptedException: an interrupt ends it and stays set. */
    private void pauseBeforeListingAgain(int retry) {
        try {
            settings.backoff().pauseBefore(retry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while listing shards of " + feedId());
        }
    }
}
