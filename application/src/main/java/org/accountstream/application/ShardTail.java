package org.accountstream.application;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.accountstream.domain.FeedRecord;
import org.accountstream.domain.Position;
import org.accountstream.domain.PositionOrder;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.ShardReadResult;
import org.accountstream.ports.out.StreamMetrics;

/**
 * The one reader of one shard that every stream at the shard's head shares (DESIGN §8): however
 * many streams tail the shard, the feed sees one reader's calls.
 *
 * <pre>
 *   feed ──read──▶ [ logStart | r1 r2 … rn | logEnd ] ──▶ stream A (at logEnd, waits for news)
 *                                  ▲                  ──▶ stream B (after r2, catches up)
 *                  stream C (before logStart) reads the feed itself until it gets here
 * </pre>
 *
 * <p>The log keeps the last {@code tailLogCapacity} records, so memory does not grow with the
 * number of streams or with how slow one is: a stream that falls behind the log simply reads
 * the feed on its own. Streams are woken when records arrive.
 *
 * <p><b>Nobody waits on a reader behind it.</b> The tail starts where its first stream is, which
 * may be far back (a client resuming an old token after a restart). When a stream asks for a
 * position ahead of the log's end while the tail is behind (its last read did not reach the
 * head, and the one it was replaying for, now behind the log, reads on its own. A tail that has
 * read to the head is not behind: a stream ahead of it waits one read at most.
 *
 * <p>At the head the tail pauses {@code headPollInterval} between reads, unless the feed's reads
 * wait for news themselves ({@link ChangeFeed#waitsForNews()}): then it reads again at once, and
 * records reach streams as soon as the feed has them. Throttled and failed reads still pause.
 *
 * <p><b>Timestamp positions</b> (Kinesis start horizons, DESIGN §6) are served from the log too,
 * by the records' arrival times: the log covers a timestamp when every record that arrived at or
 * after it is in the log or still to come ({@link #coveredSince}). A stream whose timestamp
 * precedes every record the log holds moves to the log's end, off the timestamp, as soon as the
 * tail says so.
 */
final class ShardTail {

    private static final Logger LOG = Logger.getLogger(ShardTail.class.getName());

    private final String shardId;
    private final ChangeFeed feed;
    private final ServiceSettings settings;
    private final StreamMetrics metrics;
    private final Ticker ticker;
    private final UnreadableShards unreadable;
    private final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();
    private final Thread reader;
    private final Consumer<ShardTail> onStop;

    // Guarded by this. Records after logStart up to logEnd are log[head..].
    private final ArrayList<FeedRecord> log = new ArrayList<>();
    private int head;
    private Position logStart;
    private Position logEnd;
    /** Every record that arrived at or after this is in the log or after it; null: not known. */
    private Instant coveredSince;
    private boolean atHead;
    private boolean behind; // the last read since the tail (re)started did not reach the head
    private long atHeadReadStartNanos; // when the read that found the head began
    private boolean ended;
    private boolean trimmed;
    private boolean stopped;
    private long restarts; // jumps so far: a pause ends early when this moves
    private long lastWantedNanos;

    ShardTail(String shardId, Position start, ChangeFeed feed, ServiceSettings settings, StreamMetrics metrics,
              Ticker ticker, UnreadableShards unreadable, Consumer<ShardTail> onStop) {
        this.shardId = shardId;
        this.onStop = onStop;
        this.feed = feed;
        this.settings = settings;
        this.metrics = metrics;
        this.ticker = ticker;
        this.unreadable = unreadable;
        this.lastWantedNanos = ticker.nanos();
        this.reader = Thread.ofVirtual().name("tail-" + shardId).unstarted(this::readLoop);
        emptyLogAt(start);
    }

    void start() {
        reader.start();
    }

    void stop() {
        reader.interrupt();
    }

    /**
     * The records after {@code from}, up to {@code max}; {@code wakeUp} runs when more arrive.
     * Answers {@link TailRead.NotCovered} when {@code from} lies before what the log holds, and
     * {@code null} once this tail has stopped (the caller then makes a new one).
     *
     * <p>"At head" is said only on the word of a read that began at or after
     * {@code headNotBeforeNanos} (a {@link Ticker} reading): a stream that opened after a write
     * must not be told it holds the whole dataset (dataset_current) on the strength of an older
     * read that missed it.
     *
     * <p>"Trimmed" is a fact about a position, not about the shard: the feed lost the records
     * after {@code logEnd}, so every position up to it is lost too, but a stream that started
     * over from a newer head is past the loss. Such a stream retires this tail and gets a fresh
     * one at its own position; answering it "trimmed" would make it start over again and again.
     */
    synchronized TailRead readFrom(Position from, int max, long headNotBeforeNanos, Runnable wakeUp) {
        if (stopped) {
            return null;
        }
        lastWantedNanos = ticker.nanos();
        listeners.add(wakeUp);
        if (trimmed) {
            if (PositionOrder.compare(from, logEnd).orElse(1) <= 0) {
                return new TailRead.Trimmed();
            }
            stopped = true;
            reader.interrupt();
            return null;
        }
        if (!covers(from)) {
            return new TailRead.NotCovered();
        }
        int first = firstIndexFor(from);
        boolean atHeadForStream = atHead && atHeadReadStartNanos - headNotBeforeNanos >= 0;
        if (first < log.size()) {
            int last = Math.min(log.size(), first + max);
            List<FeedRecord> records = List.copyOf(log.subList(first, last));
            return new TailRead.Records(records, Position.after(records.getLast().sequence()),
                    last == log.size() && atHeadForStream);
        }
        if (ended) {
            return new TailRead.Ended();
        }
        // Nothing in the log for `from`: it is at the log's end, or ahead of it.
        boolean timestamp = from instanceof Position.AtTimestamp;
        boolean ahead = timestamp ? !from.equals(logEnd) : PositionOrder.compare(from, logEnd).orElseThrow() > 0;
        if (ahead && behind) {
            restartAt(from); // see the class comment: the streams ahead are served, not made to wait
            return new TailRead.Records(List.of(), from, false);
        }
        // Every record up to the log's end arrived before a covered timestamp: move past them.
        Position next = timestamp && logEnd instanceof Position.After ? logEnd : from;
        return new TailRead.Records(List.of(), next, atHeadForStream && (timestamp || !ahead));
    }

    /** The earliest timestamp position the log covers, if it covers any. */
    synchronized Optional<Instant> coveredSince() {
        return stopped ? Optional.empty() : Optional.ofNullable(coveredSince);
    }

    void forget(Runnable wakeUp) {
        listeners.remove(wakeUp);
    }

    /**
     * Empties the log and reads on from {@code start}, at once if the reader is pausing; a read
     * under way from the old end is discarded when it returns. Guarded by this.
     */
    private void restartAt(Position start) {
        restarts++;
        notifyAll();
        emptyLogAt(start);
    }

    private void emptyLogAt(Position start) {
        log.clear();
        head = 0;
        logStart = start;
        logEnd = start;
        atHead = false;
        behind = false;
        coveredSince = switch (start) {
            case Position.NotStarted notStarted -> Instant.MIN; // the whole shard is read
            case Position.AtTimestamp at -> at.timestamp();
            case Position.After after -> null; // known once a record shows when the ones before it arrived
        };
    }

    private boolean covers(Position from) {
        return switch (from) {
            case Position.NotStarted notStarted -> logStart instanceof Position.NotStarted;
            case Position.After after -> switch (logStart) {
                case Position.NotStarted notStarted -> true;
                case Position.After start -> after.sequence().compareTo(start.sequence()) >= 0;
                // started at a timestamp: covered from the first record it read on
                case Position.AtTimestamp at -> head < log.size()
                        && after.sequence().compareTo(log.get(head).sequence()) >= 0;
            };
            case Position.AtTimestamp at -> coveredSince != null && !at.timestamp().isBefore(coveredSince);
        };
    }

    /** Index of the first record in the log that a stream at {@code from} has not seen. */
    private int firstIndexFor(Position from) {
        int low = head;
        int high = log.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (seen(log.get(mid), from)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Arrival times grow with sequence numbers within a shard (as far as a feed knows them). */
    private static boolean seen(FeedRecord record, Position from) {
        return switch (from) {
            case Position.NotStarted notStarted -> false;
            case Position.After after -> record.sequence().compareTo(after.sequence()) <= 0;
            case Position.AtTimestamp at -> record.arrivedAt().map(arrival -> arrival.isBefore(at.timestamp()))
                    .orElse(false);
        };
    }

    private void readLoop() {
        try {
            while (!idle() && !Thread.currentThread().isInterrupted()) {
                // An ended or trimmed shard is not read again; the tail only lingers to answer.
                Duration pause = finished() ? settings.headPollInterval() : readOnce();
                if (!pause.isZero()) {
                    pauseUnlessRestarted(pause.toNanos());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                stopped = true;
            }
            onStop.accept(this);
            wakeAll();
        }
    }

    /** Pauses between reads; a jump ({@link #restartAt}) ends the pause, so the new position is read at once. */
    private synchronized void pauseUnlessRestarted(long pauseNanos) throws InterruptedException {
        long restartsBefore = restarts;
        long deadline = System.nanoTime() + pauseNanos;
        for (long left = pauseNanos; left > 0 && restarts == restartsBefore; left = deadline - System.nanoTime()) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** One read; answers how long to pause before the next. */
    private Duration readOnce() {
        Position from;
        synchronized (this) {
            from = logEnd;
        }
        ShardReadResult result;
        long started = ticker.nanos();
        try {
            metrics.feedRead(true);
            result = feed.read(shardId, from, settings.readBatchSize());
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return Duration.ZERO; // stopping: the adapter surfaced the interrupt as its own exception
            }
            // The first failure of an outage is a warning, the rest of it detail.
            LOG.log(readFailed(from) ? Level.WARNING : Level.FINE, "reading shard " + shardId + " failed; retrying", e);
            return settings.headPollInterval().multipliedBy(4);
        }
        switch (result) {
            case ShardReadResult.Batch batch -> {
                append(from, batch, started);
                wakeAll();
                boolean caughtUp = batch.records().isEmpty() || batch.atHead();
                return caughtUp && !feed.waitsForNews() ? settings.headPollInterval() : Duration.ZERO;
            }
            case ShardReadResult.Throttled throttled -> {
                metrics.feedThrottled();
                readFailed(from);
                return throttled.retryAfter();
            }
            case ShardReadResult.Trimmed trimmedRead -> {
                synchronized (this) {
                    if (logEnd.equals(from)) {
                        trimmed = true;
                    }
                }
                wakeAll();
                return Duration.ZERO;
            }
        }
    }

    /** Answers whether this read began an outage of the shard. */
    private synchronized boolean readFailed(Position from) {
        if (logEnd.equals(from) && !atHead) {
            behind = true; // not known to be at the head, and not getting there: streams ahead must not wait
        }
        return unreadable.readFailed(shardId);
    }

    private synchronized void append(Position from, ShardReadResult.Batch batch, long readStartNanos) {
        unreadable.readSucceeded(shardId);
        if (!logEnd.equals(from)) {
            return; // the tail jumped while this read was under way
        }
        if (coveredSince == null && !batch.records().isEmpty()) {
            // Records before the first one read arrived no later than it.
            coveredSince = batch.records().getFirst().arrivedAt().map(a -> a.plusNanos(1)).orElse(null);
        }
        log.addAll(batch.records());
        if (!batch.records().isEmpty()) {
            logEnd = Position.after(batch.records().getLast().sequence());
        }
        // A closed shard is never "at the head": its children hold the head, and dataset_current
        // must wait for them (FeedTailer's own reads say the same).
        atHead = batch.atHead() && !batch.shardEnded();
        behind = !atHead && !batch.shardEnded();
        atHeadReadStartNanos = readStartNanos;
        ended = batch.shardEnded();
        evictBeyondCapacity();
    }

    private void evictBeyondCapacity() {
        int excess = log.size() - head - settings.tailLogCapacity();
        if (excess <= 0) {
            return;
        }
        head += excess;
        FeedRecord lastEvicted = log.get(head - 1);
        logStart = Position.after(lastEvicted.sequence());
        if (coveredSince != null) {
            Instant since = coveredSince;
            coveredSince = lastEvicted.arrivedAt()
                    .map(arrival -> arrival.plusNanos(1))
                    .map(next -> next.isAfter(since) ? next : since)
                    .orElse(null);
        }
        if (head > settings.tailLogCapacity()) {
            log.subList(0, head).clear();
            head = 0;
        }
    }

    private synchronized boolean finished() {
        return ended || trimmed;
    }

    private synchronized boolean idle() {
        return ticker.nanos() - lastWantedNanos > settings.tailIdleTimeout().toNanos();
    }

    private void wakeAll() {
        listeners.forEach(Runnable::run);
    }
}
