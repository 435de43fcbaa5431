package org.accountstream.lambda.local;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.accountstream.domain.Shard;
import org.accountstream.lambda.ChangeFilter;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;

/**
 * Does for the filter what Lambda's event source mapping does, on one machine: polls a DynamoDB
 * stream, hands the filter batches of up to {@code batchSize} records of one shard, and moves on
 * only past what the filter handled. A batch whose answer names a record
 * ({@code batchItemFailures}) is retried from that record, after a back-off; a batch the filter
 * failed on is retried whole. Shards are read parents first ({@link ReadableShards}).
 *
 * <p>Where each shard was read to is kept in memory and, with a checkpoint file, written after
 * every batch ({@link Checkpoint}): a restart resumes after the last batch handled, so at most
 * the batch under way when it stopped is handed over again. Without a checkpoint the start is
 * Lambda's starting position: every shard from its trim horizon, or only what arrives from now
 * on ({@code latest}: the shards closed now are skipped, the open ones read from their tip).
 *
 * <p>One thread reads (the caller of {@link #run()}); {@link #stop()} may come from any other,
 * e.g. a shutdown hook.
 */
final class LocalEventSource {

    /** Where a stream without a checkpoint starts, as Lambda's event source mapping says it. */
    enum StartingPosition { TRIM_HORIZON, LATEST }

    private static final Logger LOG = Logger.getLogger(LocalEventSource.class.getName());
    private static final Duration RELIST_INTERVAL = Duration.ofSeconds(5);
    private static final Duration SUMMARY_INTERVAL = Duration.ofMinutes(1);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(10);

    private final StreamShards stream;
    private final ChangeFilter filter;
    private final int batchSize;
    private final Duration pollInterval;
    private final Path checkpointFile; // null: positions are kept in memory only
    private final Map<String, ShardPosition> positions = new HashMap<>();
    private final Map<String, ShardReading> readings = new HashMap<>();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private List<Shard> listed = List.of();
    private long listedAt;
    private boolean relist;
    private long batches;
    private long batchesRetried;
    private long summaryAt = System.nanoTime();

    /** What the runner keeps per shard it reads, besides its position. */
    private static final class ShardReading {
        String iterator;      // where the next GetRecords reads; null: made from the position
        String retryFrom;     // the record a failed batch is retried from; null: none
        int failures;         // consecutive failed attempts, for the back-off
        long notBefore;       // System.nanoTime() before which the shard is not read
    }

    private LocalEventSource(StreamShards stream, ChangeFilter filter, int batchSize, Duration pollInterval,
                             Path checkpointFile) {
        this.stream = stream;
        this.filter = filter;
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.checkpointFile = checkpointFile;
    }

    /**
     * Lists the stream and settles where each shard starts: after the checkpoint in
     * {@code checkpointFile} if it exists, else at {@code start} (and the file is written).
     *
     * @param checkpointFile null for no checkpoint file
     * @throws UsageException when the checkpoint file is unreadable, malformed or of another stream
     */
    static LocalEventSource open(StreamShards stream, ChangeFilter filter, int batchSize,
                                 Duration pollInterval, Path checkpointFile, StartingPosition start) {
        LocalEventSource source = new LocalEventSource(stream, filter, batchSize, pollInterval, checkpointFile);
        Optional<Checkpoint> saved = source.readCheckpoint();
        saved.ifPresent(checkpoint -> source.positions.putAll(checkpoint.positions()));
        source.listed = stream.list(); // unlike later listings, a failure here ends the start
        source.listedAt = System.nanoTime();
        source.forgetUnlisted();
        if (saved.isPresent()) {
            LOG.info(() -> "resuming " + stream.streamArn() + " from checkpoint file " + checkpointFile);
        } else if (start == StartingPosition.LATEST) {
            source.startAtTheTip();
        } else {
            LOG.info(() -> "reading " + stream.streamArn() + " from the trim horizon of its "
                    + source.listed.size() + " shards");
        }
        source.saveCheckpoint();
        return source;
    }

    /** Reads until {@link #stop()}; the checkpoint then holds the last batch handled. */
    void run() {
        try {
            while (stopRequested.getCount() > 0) {
                if (relist || System.nanoTime() - listedAt > RELIST_INTERVAL.toNanos()) {
                    refreshListing();
                }
                boolean read = false;
                for (Shard shard : ReadableShards.of(listed, positions)) {
                    if (stopRequested.getCount() == 0) {
                        break;
                    }
                    read |= readBatch(shard.id());
                }
                logSummaryWhenDue();
                if (!read) {
                    stopRequested.await(pollInterval.toNanos(), TimeUnit.NANOSECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            LOG.info(() -> "stopped: " + summary());
            stopped.countDown();
        }
    }

    /** Asks {@link #run()} to return once the batch under way is handled. */
    void stop() {
        stopRequested.countDown();
    }

    /** Waits up to {@code limit} for {@link #run()} to return. */
    boolean awaitStopped(Duration limit) throws InterruptedException {
        return stopped.await(limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Reads the next batch of {@code shardId} and hands it to the filter; false when there was none. */
    private boolean readBatch(String shardId) {
        ShardReading reading = readings.computeIfAbsent(shardId, id -> new ShardReading());
        if (System.nanoTime() - reading.notBefore < 0) {
            return false;
        }
        GetRecordsResponse response;
        try {
            if (reading.iterator == null) {
                reading.iterator = firstIterator(shardId, reading);
            }
            response = stream.records(reading.iterator, batchSize);
        } catch (ExpiredIteratorException e) {
            reading.iterator = null; // made again from the position
            return false;
        } catch (TrimmedDataAccessException e) {
            LOG.warning(() -> "shard " + shardId + ": records after its position were trimmed by retention before"
                    + " they were read, and are lost; reading on from its trim horizon");
            positions.remove(shardId);
            reading.retryFrom = null;
            reading.iterator = null;
            return false;
        } catch (SdkException e) {
            LOG.warning(() -> "shard " + shardId + ": cannot read: " + e.getMessage());
            backOff(reading);
            return false;
        }
        List<Record> records = response.records();
        reading.iterator = response.nextShardIterator();
        if (records.isEmpty()) {
            if (reading.iterator == null) {
                ended(shardId);
            }
            return false;
        }
        handle(shardId, reading, records);
        return true;
    }

    /** Where reading starts: a batch to retry, else after the position, else the trim horizon. */
    private String firstIterator(String shardId, ShardReading reading) {
        if (reading.retryFrom != null) {
            return stream.iterator(shardId, ShardIteratorType.AT_SEQUENCE_NUMBER, reading.retryFrom);
        }
        if (positions.get(shardId) instanceof ShardPosition.After after) {
            return stream.iterator(shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, after.sequenceNumber());
        }
        return stream.iterator(shardId, ShardIteratorType.TRIM_HORIZON, null);
    }

    private void handle(String shardId, ShardReading reading, List<Record> records) {
        int retryAt;
        try {
            retryAt = retryIndex(records, filter.filter(LambdaEvents.event(records, stream.streamArn())));
        } catch (RuntimeException e) { // as a function error in Lambda: the whole batch again
            LOG.log(Level.WARNING, "shard " + shardId + ": the filter failed on a batch of " + records.size()
                    + " records; retrying it", e);
            retryAt = 0;
        }
        batches++;
        String first = records.getFirst().dynamodb().sequenceNumber();
        if (retryAt == records.size()) {
            String last = records.getLast().dynamodb().sequenceNumber();
            LOG.fine(() -> "shard " + shardId + ": " + records.size() + " records " + first + ".." + last + " handled");
            positions.put(shardId, new ShardPosition.After(last));
            reading.retryFrom = null;
            reading.failures = 0;
            if (reading.iterator == null) {
                ended(shardId);
            }
        } else {
            batchesRetried++;
            String retryFrom = records.get(retryAt).dynamodb().sequenceNumber();
            LOG.fine(() -> "shard " + shardId + ": " + records.size() + " records from " + first
                    + ", to be retried from " + retryFrom);
            if (retryAt > 0) {
                positions.put(shardId, new ShardPosition.After(records.get(retryAt - 1).dynamodb().sequenceNumber()));
            }
            reading.retryFrom = retryFrom;
            reading.iterator = null;
            backOff(reading);
        }
        saveCheckpoint();
    }

    /**
     * The index of the record the batch is retried from; {@code records.size()} when the filter
     * handled them all. As in Lambda, the lowest reported record counts, and a report naming no
     * record of the batch fails the whole batch.
     */
    private static int retryIndex(List<Record> records, StreamsEventResponse response) {
        List<BatchItemFailure> failures = response.getBatchItemFailures();
        if (failures == null || failures.isEmpty()) {
            return records.size();
        }
        int first = records.size();
        for (BatchItemFailure failure : failures) {
            int index = indexOf(records, failure.getItemIdentifier());
            if (index < 0) {
                return 0;
            }
            first = Math.min(first, index);
        }
        return first;
    }

    private static int indexOf(List<Record> records, String sequenceNumber) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).dynamodb().sequenceNumber().equals(sequenceNumber)) {
                return i;
            }
        }
        return -1;
    }

    private void backOff(ShardReading reading) {
        reading.failures++;
        long delay = Math.min(LONGEST_RETRY.toNanos(), FIRST_RETRY.toNanos() << Math.min(reading.failures - 1, 20));
        reading.notBefore = System.nanoTime() + delay;
    }

    /** A closed shard read to its end: its children may be read, once a listing shows them. */
    private void ended(String shardId) {
        LOG.fine(() -> "shard " + shardId + " read to its end");
        positions.put(shardId, ShardPosition.Ended.INSTANCE);
        readings.remove(shardId);
        relist = true;
        saveCheckpoint();
    }

    /** Lists the shards again; a listing that fails leaves the last one in use until the next. */
    private void refreshListing() {
        try {
            listed = stream.list();
        } catch (SdkException e) {
            LOG.warning(() -> "cannot list the shards of " + stream.streamArn() + ": " + e.getMessage());
            return;
        } finally {
            listedAt = System.nanoTime();
            relist = false;
        }
        if (forgetUnlisted()) {
            saveCheckpoint();
        }
    }

    /** Forgets the shards no longer listed (trimmed by retention); true when there were some. */
    private boolean forgetUnlisted() {
        List<String> listedIds = listed.stream().map(Shard::id).toList();
        readings.keySet().retainAll(listedIds);
        return positions.keySet().removeIf(shardId -> {
            if (listedIds.contains(shardId)) {
                return false;
            }
            if (positions.get(shardId) != ShardPosition.Ended.INSTANCE) {
                LOG.warning(() -> "shard " + shardId + " was trimmed by retention before it was read to its end:"
                        + " its unread records are lost");
            }
            return true;
        });
    }

    /** Lambda's LATEST: what is closed now is skipped, the open shards are read from their tip. */
    private void startAtTheTip() {
        for (Shard shard : listed) {
            if (shard.isClosed()) {
                positions.put(shard.id(), ShardPosition.Ended.INSTANCE);
            } else {
                readings.computeIfAbsent(shard.id(), id -> new ShardReading()).iterator =
                        stream.iterator(shard.id(), ShardIteratorType.LATEST, null);
            }
        }
        LOG.info(() -> "reading " + stream.streamArn() + " from the tip of its open shards (latest)");
    }

    private Optional<Checkpoint> readCheckpoint() {
        if (checkpointFile == null) {
            return Optional.empty();
        }
        Optional<Checkpoint> saved;
        try {
            saved = Checkpoint.read(checkpointFile);
        } catch (IOException e) {
            throw new UsageException("cannot read checkpoint file " + checkpointFile + ": " + e);
        }
        if (saved.isPresent() && !saved.get().streamArn().equals(stream.streamArn())) {
            throw new UsageException("checkpoint file " + checkpointFile + " is of stream " + saved.get().streamArn()
                    + ", but the table's stream is now " + stream.streamArn()
                    + ": delete the file to start afresh, or name another");
        }
        return saved;
    }

    private void saveCheckpoint() {
        if (checkpointFile == null) {
            return;
        }
        try {
            new Checkpoint(stream.streamArn(), positions).write(checkpointFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint file " + checkpointFile, e);
        }
    }

    private void logSummaryWhenDue() {
        if (System.nanoTime() - summaryAt >= SUMMARY_INTERVAL.toNanos()) {
            summaryAt = System.nanoTime();
            LOG.info(this::summary);
        }
    }

    private String summary() {
        long ended = positions.values().stream().filter(ShardPosition.Ended.INSTANCE::equals).count();
        return filter.recordsRead() + " stream records in " + batches + " batches (" + batchesRetried
                + " retried), " + filter.changesWritten() + " changes written, " + filter.imagesSkipped()
                + " unreadable images skipped; " + ended + " of " + listed.size() + " shards read to their end";
    }
}
