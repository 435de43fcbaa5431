package org.accountstream.adapters.kinesis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
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
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.KmsThrottlingException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/**
 * A Kinesis data stream of the filter Lambda's account records ({@link AccountRecordFormat}) as
 * the service's change feed, read with GetRecords.
 *
 * <p><b>Start horizons are timestamps.</b> Kinesis has no call that answers where an open shard
 * ends, but it can read from a time: a fresh stream's head is AT_TIMESTAMP at the capture minus
 * the clock skew allowed between this server and Kinesis (DESIGN §6), so every record written
 * after the capture is read from it (some before it too: replaying them is harmless).
 *
 * <p><b>One budget per shard.</b> Kinesis serves five GetRecords per second per shard to all
 * readers together. Every read of this replica takes from one {@link ShardReadBudget}; a read
 * over it is not made but answered "throttled" with the wait, as is one Kinesis throttled
 * (then with a jittered, growing pause, so readers do not return in lockstep).
 *
 * <p><b>Trimmed positions.</b> Kinesis has no error for a position older than the stream's
 * retention: GetRecords from it starts at the oldest record left, silently past the loss (and
 * after a stop longer than the retention, a client's token is such a position). So a read that
 * finds itself within {@link #TRIM_MARGIN} of the retention ({@code millisBehindLatest}) answers
 * Trimmed: the stream starts over with a snapshot rather than risk a gap.
 *
 * <p>A read steps over empty pages (Kinesis answers empty ones while it skips over a quiet part
 * of a shard) until records, the shard's end or the head, as long as the budget allows. A closed
 * shard is one whose iterator ends ({@code nextShardIterator} null): kinesis-mock reports a
 * closed shard's ending sequence number as a sentinel, so listings say only that it is closed.
 */
public final class KinesisChangeFeed implements ChangeFeed {

    /**
     * @param clockSkew              how far this server's clock may be ahead of Kinesis' arrival
     *                               times: start horizons reach back this far
     * @param readsPerSecondPerShard GetRecords calls per shard per second, all readers together
     * @param pageLimit              records asked for per GetRecords (at most 10,000)
     * @param iteratorMaxAge         iterators older than this are not reused (Kinesis': 5 minutes)
     */
    public record Settings(Duration clockSkew, int readsPerSecondPerShard, int pageLimit, Duration iteratorMaxAge) {

        public Settings {
            if (clockSkew.isNegative() || readsPerSecondPerShard < 0 || pageLimit < 1 || pageLimit > 10_000) {
                throw new IllegalArgumentException("clock skew ≥ 0, reads per second ≥ 0, page limit in 1..10000");
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(1), 5, 10_000, Duration.ofMinutes(4));
        }

        public Settings withClockSkew(Duration skew) {
            return new Settings(skew, readsPerSecondPerShard, pageLimit, iteratorMaxAge);
        }

        public Settings withReadsPerSecondPerShard(int reads) {
            return new Settings(clockSkew, reads, pageLimit, iteratorMaxAge);
        }
    }

    /** Pauses after Kinesis throttled a shard's reads, growing with each throttle in a row. */
    /** How close to the retention a read may come before its records may have expired under it. */
    static final Duration TRIM_MARGIN = Duration.ofMinutes(10);

    private static final Backoff THROTTLED = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), Integer.MAX_VALUE);

    private final KinesisClient kinesis;
    private final String streamName;
    private final String streamArn;
    private final Duration retention;
    private final Settings settings;
    private final Clock clock;
    private final ShardReadBudget budget;
    private final ShardIteratorCache iterators;
    private final RecordDecoder decoder = new RecordDecoder();
    private final Map<String, Integer> throttledInARow = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> getRecordsCalls = new ConcurrentHashMap<>();

    /** @param retention how long the stream keeps records (DescribeStreamSummary's retention period) */
    public KinesisChangeFeed(KinesisClient kinesis, String streamName, String streamArn, Duration retention,
                             Settings settings, Clock clock) {
        this.kinesis = Objects.requireNonNull(kinesis, "kinesis");
        this.streamName = Objects.requireNonNull(streamName, "streamName");
        this.streamArn = Objects.requireNonNull(streamArn, "streamArn");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = clock;
        this.budget = new ShardReadBudget(settings.readsPerSecondPerShard(), clock);
        this.iterators = new ShardIteratorCache(10_000, settings.iteratorMaxAge());
    }

    /**
     * The feed of the stream named {@code streamName}, found with DescribeStreamSummary.
     *
     * @throws IllegalStateException      when there is no such stream
     * @throws SourceUnavailableException when Kinesis cannot be reached
     */
    public static KinesisChangeFeed forStream(KinesisClient kinesis, String streamName, Settings settings) {
        try {
            StreamDescriptionSummary stream = kinesis.describeStreamSummary(request -> request.streamName(streamName))
                    .streamDescriptionSummary();
            return new KinesisChangeFeed(kinesis, streamName, stream.streamARN(),
                    Duration.ofHours(stream.retentionPeriodHours()), settings, Clock.systemUTC());
        } catch (ResourceNotFoundException e) {
            throw new IllegalStateException("there is no Kinesis stream named " + streamName, e);
        } catch (SdkException e) {
            throw Outages.classify(e, "describing Kinesis stream " + streamName + " failed");
        }
    }

    /** The stream's ARN: another stream with the same name is another feed. */
    @Override
    public String feedId() {
        return streamArn;
    }

    /** Every shard ListShards reports, page after page, with its parents (a merge has two). */
    @Override
    public List<Shard> listShards() {
        try {
            List<Shard> shards = new ArrayList<>();
            String next = null;
            do {
                String token = next;
                ListShardsResponse page = kinesis.listShards(request -> {
                    if (token == null) {
                        request.streamName(streamName);
                    } else {
                        request.nextToken(token); // the stream is named only on the first page
                    }
                });
                page.shards().forEach(shard -> shards.add(toShard(shard)));
                next = page.nextToken();
            } while (next != null);
            return shards;
        } catch (SdkException e) {
            throw Outages.classify(e, "listing the shards of " + streamArn + " failed");
        }
    }

    /** At the capture's time minus the clock skew, for every open shard (see the class comment). */
    @Override
    public Horizon captureHead() {
        Instant start = clock.instant().minus(settings.clockSkew());
        Map<String, Position> head = new LinkedHashMap<>();
        for (Shard shard : listShards()) {
            if (!shard.isClosed()) {
                head.put(shard.id(), Position.atTimestamp(start));
            }
        }
        return Horizon.of(head);
    }

    @Override
    public ShardReadResult read(String shardId, Position from, int maxRecords) {
        Objects.requireNonNull(shardId, "shardId");
        int limit = Math.min(maxRecords, settings.pageLimit());
        String iterator = iterators.take(shardId, from);
        try {
            while (true) {
                Optional<Duration> wait = budget.take(shardId);
                if (wait.isPresent()) {
                    remember(shardId, from, iterator, System.nanoTime());
                    return new ShardReadResult.Throttled(wait.get());
                }
                long issued = System.nanoTime();
                if (iterator == null) {
                    iterator = newIterator(shardId, from);
                }
                GetRecordsResponse response = getRecords(shardId, iterator, limit);
                throttledInARow.remove(shardId);
                String next = response.nextShardIterator();
                long behind = response.millisBehindLatest() == null ? 0 : response.millisBehindLatest();
                if (Duration.ofMillis(behind).compareTo(retention.minus(TRIM_MARGIN)) >= 0) {
                    return new ShardReadResult.Trimmed(); // what followed `from` may be gone (class comment)
                }
                if (response.records().isEmpty() && next != null && behind > 0) {
                    iterator = next; // an empty page inside the shard: step over it
                    continue;
                }
                List<FeedRecord> records = response.records().stream()
                        .map(record -> decoder.decode(shardId, record)).toList();
                Position end = records.isEmpty() ? from : Position.after(records.getLast().sequence());
                remember(shardId, end, next, issued);
                return new ShardReadResult.Batch(records, next == null, next == null ? 0 : behind);
            }
        } catch (ExpiredIteratorException e) {
            return new ShardReadResult.Throttled(Duration.ZERO); // read again at once, with a new iterator
        } catch (ProvisionedThroughputExceededException | LimitExceededException | KmsThrottlingException e) {
            return new ShardReadResult.Throttled(throttlePause(shardId));
        } catch (ResourceNotFoundException e) {
            return new ShardReadResult.Trimmed(); // the shard itself is gone: retention removed it
        } catch (SdkException e) {
            throw Outages.classify(e, "reading shard " + shardId + " of " + streamArn + " failed");
        }
    }

    /** GetRecords calls made so far, of every shard, by every reader. */
    public long getRecordsCalls() {
        return getRecordsCalls.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** GetRecords calls made of {@code shardId} so far, by every reader. */
    public long getRecordsCalls(String shardId) {
        LongAdder calls = getRecordsCalls.get(shardId);
        return calls == null ? 0 : calls.sum();
    }

    /** Records that were not account records, skipped. */
    public long recordsSkipped() {
        return decoder.malformed();
    }

    private GetRecordsResponse getRecords(String shardId, String iterator, int limit) {
        getRecordsCalls.computeIfAbsent(shardId, id -> new LongAdder()).increment();
        return kinesis.getRecords(request -> request.shardIterator(iterator).limit(limit));
    }

    private String newIterator(String shardId, Position from) {
        GetShardIteratorRequest.Builder request = GetShardIteratorRequest.builder()
                .streamName(streamName).shardId(shardId);
        switch (from) {
            case Position.NotStarted notStarted -> request.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
            case Position.After after -> request.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                    .startingSequenceNumber(after.sequence().toString());
            case Position.AtTimestamp at -> request.shardIteratorType(ShardIteratorType.AT_TIMESTAMP)
                    .timestamp(at.timestamp());
        }
        return kinesis.getShardIterator(request.build()).shardIterator();
    }

    /** Keeps {@code iterator} for the next read from {@code position}; none when the shard ended. */
    private void remember(String shardId, Position position, String iterator, long issuedNanos) {
        if (iterator != null) {
            iterators.put(shardId, position, iterator, issuedNanos);
        }
    }

    /** Jittered and growing per shard: throttled readers should not come back in lockstep. */
    private Duration throttlePause(String shardId) {
        return THROTTLED.delayBefore(throttledInARow.merge(shardId, 1, Integer::sum));
    }

    private static Shard toShard(software.amazon.awssdk.services.kinesis.model.Shard shard) {
        String ending = shard.sequenceNumberRange().endingSequenceNumber();
        return new Shard(shard.shardId(), shard.parentShardId(), shard.adjacentParentShardId(),
                SequenceNumber.of(shard.sequenceNumberRange().startingSequenceNumber()),
                ending == null ? null : SequenceNumber.of(ending));
    }
}
