package org.accountstream.adapters.dynamodb;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.accountstream.aws.Backoff;
import org.accountstream.domain.Position;
import org.accountstream.ports.out.SourceUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;

/**
 * Knows the newest sequence number of one open shard, for the start horizons of fresh streams
 * (DESIGN §6). DynamoDB Streams cannot say where an open shard ends, so this reader reads it:
 * once from TRIM_HORIZON to the tip, then only what arrived since, keeping the iterator that
 * continues after the newest record it saw.
 *
 * <pre>
 *   shard:  r1 r2 r3 r4 │ r5 r6 │ r7 …
 *   round 1 (first use) ┘       │        reads r1..r4: head = after r4
 *   round 2 (next capture) ─────┘        reads r5..r6: head = after r6
 * </pre>
 *
 * <p><b>Invariant: every record written after {@link #headAsOf} returns follows the returned
 * position.</b> The position names a record the reader has seen, and records are only appended.
 * The converse holds for records written before the call began: a round that began after the
 * caller arrived read them, so they are not replayed. A round cut short (throttling that outlasts
 * the backoff) answers an older position: the consumer then replays a little more, which is
 * harmless (DESIGN §6), never less.
 *
 * <p>Callers that arrive while a round runs wait for it and share the next one, so however many
 * streams start at once, each shard sees one reader (DESIGN §8).
 */
final class ShardHeadReader {

    private static final Logger LOG = Logger.getLogger(ShardHeadReader.class.getName());
    /** DynamoDB iterators live 15 minutes; one older than this is replaced before use. */
    private static final Duration ITERATOR_MAX_AGE = Duration.ofMinutes(10);

    private final String shardId;
    private final StreamShardClient shards;
    private final Backoff backoff;
    private final ReentrantLock lock = new ReentrantLock(); // not synchronized: virtual threads wait here

    // Guarded by lock.
    private Position head = Position.notStarted();
    private String iterator; // continues after head; null when none is held
    private long iteratorIssuedNanos;
    private boolean caughtUp;
    private long lastRoundStartNanos;

    ShardHeadReader(String shardId, StreamShardClient shards, Backoff backoff) {
        this.shardId = shardId;
        this.shards = shards;
        this.backoff = backoff;
    }

    /**
     * The shard's head as of a round of reading that began at or after {@code notBeforeNanos}
     * (a {@link System#nanoTime()}): after its newest record, or not started when it has none.
     */
    Position headAsOf(long notBeforeNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            if (caughtUp && lastRoundStartNanos - notBeforeNanos >= 0) {
                return head;
            }
            long roundStart = System.nanoTime();
            if (catchUp()) {
                caughtUp = true;
                lastRoundStartNanos = roundStart;
            }
            return head;
        } finally {
            lock.unlock();
        }
    }

    /** Reads from the head to the tip; false when throttling outlasted the backoff. */
    private boolean catchUp() throws InterruptedException {
        int retry = 0;
        while (true) {
            try {
                if (iterator == null || System.nanoTime() - iteratorIssuedNanos > ITERATOR_MAX_AGE.toNanos()) {
                    iteratorIssuedNanos = System.nanoTime();
                    iterator = shards.iteratorAt(shardId, head);
                }
                long issued = System.nanoTime();
                GetRecordsResponse response = shards.records(iterator, StreamShardClient.MAX_RECORDS_PER_CALL);
                List<Record> records = response.records();
                if (!records.isEmpty()) {
                    head = Position.after(StreamSequenceNumbers.parse(records.getLast().dynamodb().sequenceNumber()));
                }
                iterator = response.nextShardIterator();
                iteratorIssuedNanos = issued;
                if (iterator == null || records.isEmpty()) {
                    return true; // at the tip, or the shard closed and was read to its end
                }
                retry = 0;
            } catch (ExpiredIteratorException e) {
                iterator = null;
                retry = giveUpAfter(retry, e);
            } catch (TrimmedDataAccessException e) {
                // Retention passed the head: what follows it now starts at the trim horizon.
                head = Position.notStarted();
                iterator = null;
                retry = giveUpAfter(retry, e);
            } catch (SdkException e) {
                if (!AwsErrors.isThrottling(e)) {
                    throw AwsErrors.isOutage(e)
                            ? new SourceUnavailableException("reading the head of shard " + shardId + " failed", e)
                            : e;
                }
                if (!backoff.allowsRetry(++retry)) {
                    LOG.log(Level.WARNING, "head of shard {0} stays at {1}: throttled {2} times",
                            new Object[] {shardId, head, retry});
                    return false;
                }
                backoff.pauseBefore(retry);
            }
        }
    }

    private int giveUpAfter(int retry, SdkException cause) {
        if (!backoff.allowsRetry(retry + 1)) {
            throw cause;
        }
        return retry + 1;
    }
}
