package org.accountstream.ports.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.accountstream.domain.FeedRecord;
import org.accountstream.domain.Position;
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
 * the feed on its own. Streams are woken when records arrive; nobody waits on anybody else.
 */
final class ShardTail {

    private static final Logger LOG = Logger.getLogger(ShardTail.class.getName());

    private final String shardId;
    private final ChangeFeed feed;
    private final ServiceSettings settings;
    private final StreamMetrics metrics;
    private final Ticker ticker;
    private final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();
    private final Thread reader;
    private final Consumer<ShardTail> onStop;

    // Guarded by this. Records after logStart up to logEnd are log[head..].
    private final ArrayList<FeedRecord> log = new ArrayList<>();
    private int head;
    private Position logStart;
    private Position logEnd;
    private boolean atHead;
    private long atHeadReadStartNanos; // when the read that found the head began
    private boolean ended;
    private boolean trimmed;
    private boolean stopped;
    private boolean unreadable; // the last read failed or was throttled
    private long unreadableSinceNanos; // since when, if unreadable
    private long lastWantedNanos;

    ShardTail(String shardId, Position start, ChangeFeed feed, ServiceSettings settings,
              StreamMetrics metrics, Ticker ticker, Consumer<ShardTail> onStop) {
        this.shardId = shardId;
        this.onStop = onStop;
        this.feed = feed;
        this.settings = settings;
        this.metrics = metrics;
        this.ticker = ticker;
        this.lastWantedNanos = ticker.nanos();
        this.logStart = start;
        this.logEnd = start;
        this.reader = Thread.ofVirtual().name("tail-" + shardId).unstarted(this::readLoop);
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
     * {@code headNotBeforeNanos} (a {@link Ticker} reading): a stream that opened after a write must not be told it holds
     * the whole dataset (dataset_current) on the strength of an older read that missed it.
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
            if (PositionOrder.compare(from, logEnd).orElse(-1) <= 0) {
                return new TailRead.Trimmed();
            }
            stopped = true;
            reader.interrupt();
            return null;
        }
        int fromStart = PositionOrder.compare(from, logStart).orElse(-1);
        if (fromStart < 0) {
            return new TailRead.NotCovered();
        }
        if (PositionOrder.compare(from, logEnd).orElseThrow() >= 0) {
            if (ended && from.equals(logEnd)) {
                return new TailRead.Ended();
            }
            if (unreadable && ticker.nanos() - unreadableSinceNanos > settings.maxUnreadable().toNanos()) {
                return new TailRead.Unavailable();
            }
            return new TailRead.Records(List.of(), atHeadSince(headNotBeforeNanos) && from.equals(logEnd));
        }
        int first = firstIndexAfter(from);
        int last = Math.min(log.size(), first + max);
        boolean reachesEnd = last == log.size();
        return new TailRead.Records(List.copyOf(log.subList(first, last)),
                reachesEnd && atHeadSince(headNotBeforeNanos));
    }

    private boolean atHeadSince(long headNotBeforeNanos) {
        return atHead && atHeadReadStartNanos - headNotBeforeNanos >= 0;
    }

    void forget(Runnable wakeUp) {
        listeners.remove(wakeUp);
    }

    private int firstIndexAfter(Position from) {
        if (!(from instanceof Position.After after)) {
            return head;
        }
        int low = head;
        int high = log.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (log.get(mid).sequence().compareTo(after.sequence()) <= 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private void readLoop() {
        try {
            while (!idle() && !Thread.currentThread().isInterrupted()) {
                // An ended or trimmed shard is not read again; the tail only lingers to answer.
                Duration pause = finished() ? settings.headPollInterval() : readOnce();
                if (!pause.isZero()) {
                    Thread.sleep(pause);
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
            LOG.log(Level.WARNING, "reading shard " + shardId + " failed; retrying", e);
            markUnreadable();
            return settings.headPollInterval().multipliedBy(4);
        }
        switch (result) {
            case ShardReadResult.Batch batch -> {
                append(batch, started);
                wakeAll();
                return batch.records().isEmpty() || batch.atHead()
                        ? settings.headPollInterval()
                        : Duration.ZERO;
            }
            case ShardReadResult.Throttled throttled -> {
                metrics.feedThrottled();
                markUnreadable();
                return throttled.retryAfter();
            }
            case ShardReadResult.Trimmed trimmedRead -> {
                synchronized (this) {
                    trimmed = true;
                }
                wakeAll();
                return Duration.ZERO;
            }
        }
    }

    private synchronized void append(ShardReadResult.Batch batch, long readStartNanos) {
        unreadable = false;
        log.addAll(batch.records());
        if (!batch.records().isEmpty()) {
            logEnd = Position.after(batch.records().getLast().sequence());
        }
        // A closed shard is never "at the head": its children hold the head, and dataset_current
        // must wait for them (FeedTailer's own reads say the same).
        atHead = batch.atHead() && !batch.shardEnded();
        atHeadReadStartNanos = readStartNanos;
        ended = batch.shardEnded();
        int excess = log.size() - head - settings.tailLogCapacity();
        if (excess > 0) {
            head += excess;
            logStart = Position.after(log.get(head - 1).sequence());
            if (head > settings.tailLogCapacity()) {
                log.subList(0, head).clear();
                head = 0;
            }
        }
    }

    private synchronized void markUnreadable() {
        if (!unreadable) {
            unreadable = true;
            unreadableSinceNanos = ticker.nanos();
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
