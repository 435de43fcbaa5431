package org.accountstream.adapters.kinesis;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.accountstream.aws.Backoff;
import org.accountstream.domain.FeedRecord;
import org.accountstream.domain.Position;
import org.accountstream.domain.SequenceNumber;
import org.accountstream.ports.out.ShardReadResult;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardRequest;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponse;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * One shard's enhanced fan-out subscription, read by the one reader at the shard's head (the
 * engine's shared tail): pushed records wait in a buffer until that reader takes them.
 *
 * <pre>
 *   consumed ──▶ [ buffer: pushed, not yet read ] ──▶ covered ◀── next event
 *   reader at consumed, or inside the buffer: served here
 *   reader behind consumed: read elsewhere (GetRecords)
 *   reader past covered: the subscription skips to it (it drops what the reader has as it comes),
 *                        or, if it is replaying a backlog, a new one starts at the reader
 *   reader at another time (AT_TIMESTAMP): a new one starts there
 * </pre>
 *
 * <p>A reader gets past the subscription when GetRecords stood in for it (while it started,
 * renewed or failed) or when the reader jumped ahead. Skipping costs nothing, and Kinesis refuses
 * a new subscription within seconds of the last one; but a subscription replaying a backlog would
 * take long to get past the reader, so that one is replaced.
 *
 * <p><b>Bounded.</b> Events are requested one at a time, and only while the buffer holds fewer
 * than {@code capacity} records: a reader that stops reading stops the pushes (Kinesis waits),
 * so memory holds at most the capacity and one event.
 *
 * <p><b>Renewed without loss or repeat.</b> Kinesis ends a subscription after five minutes; this
 * one renews itself after an event once {@code renewAfter} has passed, when Kinesis ends it, and
 * after a failure (after a jittered, growing pause), always from after {@code covered}. Records
 * at or before {@code covered} that a new subscription pushes again are dropped. A connection
 * that stops pushing altogether fails with the HTTP client's read timeout, and is renewed too.
 */
final class ShardSubscription {

    /** What a read from some position gets from this subscription. */
    sealed interface Step {
    }

    /** Records from the buffer, or the shard's end. */
    record Served(ShardReadResult.Batch batch) implements Step {
    }

    /**
     * Nothing pushed after the position yet: wait for news after {@code stamp}. {@code serving}:
     * the subscription in force has pushed, so "nothing new" is news too (at
     * {@code millisBehindLatest}); else it is starting, renewing or failing.
     */
    record Waiting(long stamp, boolean serving, long millisBehindLatest) implements Step {
    }

    /** The position is behind the subscription, or cannot be placed against it: read it elsewhere. */
    record Elsewhere() implements Step {
    }

    /**
     * The position is a time other than the subscription's start, or past a backlog being
     * replayed, or this subscription was closed: subscribe anew there.
     */
    record Restart() implements Step {
    }

    /** Pauses before subscribing again after failures in a row. */
    private static final Backoff FAILED = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), Integer.MAX_VALUE);
    private static final Logger LOG = Logger.getLogger(ShardSubscription.class.getName());

    private final String shardId;
    private final Position start;
    private final KinesisAsyncClient kinesis;
    private final String consumerArn;
    private final ScheduledExecutorService scheduler;
    private final RecordDecoder decoder;
    private final int capacity;
    private final long renewAfterNanos;
    private final LongAdder renewals = new LongAdder();

    private final ReentrantLock lock = new ReentrantLock(); // not synchronized: readers are virtual threads
    private final Condition changed = lock.newCondition();
    // Guarded by lock.
    private final ArrayDeque<FeedRecord> buffer = new ArrayDeque<>();
    private Position consumed; // the reader has everything up to here
    private SequenceNumber pushed; // events pushed everything up to here; null before the first one
    private long millisBehindLatest;
    private boolean ended; // the shard is closed and all of it was pushed
    private Attempt current; // the SubscribeToShard call in force; null while between two
    private boolean closed;
    private int failuresInARow;
    private long news; // moves with every event and failure: waiting readers watch it
    private long lastReadNanos = System.nanoTime();

    ShardSubscription(String shardId, Position start, KinesisAsyncClient kinesis, String consumerArn,
                      ScheduledExecutorService scheduler, RecordDecoder decoder, int capacity, Duration renewAfter) {
        this.shardId = shardId;
        this.start = start;
        this.consumed = start;
        this.kinesis = kinesis;
        this.consumerArn = consumerArn;
        this.scheduler = scheduler;
        this.decoder = decoder;
        this.capacity = capacity;
        this.renewAfterNanos = renewAfter.toNanos();
    }

    void start() {
        subscribeAfter(0);
    }

    /** Stops pushing for good; a reader still holding this subscription is told to restart. */
    void close() {
        Attempt attempt;
        lock.lock();
        try {
            closed = true;
            attempt = current;
            current = null;
            buffer.clear();
            newsArrived();
        } finally {
            lock.unlock();
        }
        if (attempt != null) {
            attempt.cancel();
        }
    }

    /** Whether nobody has read this subscription since {@code sinceNanos}. */
    boolean unreadSince(long sinceNanos) {
        lock.lock();
        try {
            return lastReadNanos - sinceNanos < 0;
        } finally {
            lock.unlock();
        }
    }

    long renewals() {
        return renewals.sum();
    }

    /** What a read of up to {@code max} records from {@code from} gets here; never waits. */
    Step step(Position from, int max) {
        Attempt demand;
        Step step;
        lock.lock();
        try {
            lastReadNanos = System.nanoTime();
            if (closed) {
                return new Restart();
            }
            if (!from.equals(consumed)) {
                step = placeAgainstBuffer(from);
                if (step != null) {
                    return step;
                }
            }
            step = serve(max);
            demand = wantsMore() ? current : null;
        } finally {
            lock.unlock();
        }
        if (demand != null) {
            demand.requestOne();
        }
        return step;
    }

    /** Waits until news after {@code stamp} or the deadline; answers whether there was news. */
    boolean awaitNews(long stamp, long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (news == stamp) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves {@code consumed} to {@code from} if the subscription can serve it (null), else says
     * where to read it. Guarded by lock.
     */
    private Step placeAgainstBuffer(Position from) {
        if (from instanceof Position.AtTimestamp && !ended) {
            return new Restart(); // a time cannot be ordered against sequence numbers: subscribe at it
        }
        SequenceNumber covered = covered();
        // "Not started" precedes what was pushed; a sequence number is placed once one was pushed.
        if (!(from instanceof Position.After after) || covered == null) {
            return new Elsewhere();
        }
        SequenceNumber sequence = after.sequence();
        if (sequence.compareTo(covered) > 0) {
            if (ended) {
                return new Elsewhere();
            }
            if (replayingBacklog()) {
                return new Restart();
            }
            consumed = from;
            buffer.clear(); // all of it precedes the reader
            return null;
        }
        // From `lowest` on, every record is in the buffer or was read from it.
        SequenceNumber lowest = consumed instanceof Position.After read ? read.sequence()
                : buffer.isEmpty() ? null : buffer.getFirst().sequence();
        if (lowest == null || sequence.compareTo(lowest) < 0) {
            return new Elsewhere();
        }
        consumed = from;
        while (!buffer.isEmpty() && buffer.getFirst().sequence().compareTo(sequence) <= 0) {
            buffer.removeFirst();
        }
        return null;
    }

    /**
     * Every record up to here is buffered or the reader has it: what was pushed, or where the
     * reader is, whichever is later; null while neither is a sequence number. Guarded by lock.
     */
    private SequenceNumber covered() {
        SequenceNumber read = consumed instanceof Position.After after ? after.sequence() : null;
        if (pushed == null || read == null) {
            return pushed == null ? read : pushed;
        }
        return pushed.compareTo(read) >= 0 ? pushed : read;
    }

    /** Whether the subscription in force pushes from behind the head. Guarded by lock. */
    private boolean replayingBacklog() {
        return current != null && current.events > 0 && millisBehindLatest > 0;
    }

    /** The buffered records after {@code consumed}, or what to wait for. Guarded by lock. */
    private Step serve(int max) {
        if (buffer.isEmpty()) {
            if (ended) {
                return new Served(new ShardReadResult.Batch(List.of(), true, 0));
            }
            // Pushes tell where the head is only once they reached the reader.
            boolean reachedReader = pushed != null && pushed.equals(covered());
            return new Waiting(news, serving(), reachedReader ? millisBehindLatest : Math.max(1, millisBehindLatest));
        }
        List<FeedRecord> records = new ArrayList<>(Math.min(max, buffer.size()));
        while (records.size() < max && !buffer.isEmpty()) {
            records.add(buffer.removeFirst());
        }
        consumed = Position.after(records.getLast().sequence());
        boolean drained = buffer.isEmpty();
        // Records still buffered are newer than these: not at the head, whatever the last event said.
        long behind = drained ? (ended ? 0 : millisBehindLatest) : Math.max(1, millisBehindLatest);
        return new Served(new ShardReadResult.Batch(records, drained && ended, behind));
    }

    /** Guarded by lock. */
    private boolean serving() {
        return current != null && current.events > 0 && failuresInARow == 0;
    }

    /** Whether the subscription in force may be asked for another event. Guarded by lock. */
    private boolean wantsMore() {
        return current != null && !ended && buffer.size() < capacity;
    }

    /** Guarded by lock. */
    private void newsArrived() {
        news++;
        changed.signalAll();
    }

    /** Calls SubscribeToShard from after everything pushed so far (on the scheduler's thread). */
    private void subscribe() {
        Attempt attempt = new Attempt();
        Position from;
        lock.lock();
        try {
            if (closed || current != null || ended) {
                return;
            }
            SequenceNumber covered = covered();
            from = covered == null ? start : Position.after(covered);
            current = attempt;
        } finally {
            lock.unlock();
        }
        SubscribeToShardRequest request = SubscribeToShardRequest.builder()
                .consumerARN(consumerArn).shardId(shardId).startingPosition(startingPosition(from)).build();
        try {
            kinesis.subscribeToShard(request, attempt);
        } catch (RuntimeException e) {
            attempt.finish(e);
        }
    }

    private void onEvent(Attempt attempt, SubscribeToShardEvent event) {
        boolean renew;
        boolean more;
        lock.lock();
        try {
            if (attempt != current) {
                return; // a renewed or closed subscription's last event: the next one pushes it again
            }
            attempt.events++;
            failuresInARow = 0;
            for (Record record : event.records()) {
                FeedRecord decoded = decoder.decode(shardId, record);
                SequenceNumber covered = covered();
                if (covered == null || decoded.sequence().compareTo(covered) > 0) {
                    buffer.addLast(decoded);
                }
                pushed = later(pushed, decoded.sequence());
            }
            String continuation = event.continuationSequenceNumber();
            if (continuation != null) {
                pushed = later(pushed, SequenceNumber.of(continuation));
            }
            // The last event of a closed shard names its children and has nothing to continue from.
            ended = continuation == null || !event.childShards().isEmpty();
            millisBehindLatest = event.millisBehindLatest() == null ? 0 : event.millisBehindLatest();
            newsArrived();
            renew = !ended && System.nanoTime() - attempt.startedNanos >= renewAfterNanos;
            if (renew) {
                current = null;
                renewals.increment();
            }
            more = wantsMore();
        } finally {
            lock.unlock();
        }
        if (renew) {
            attempt.cancel();
            subscribeAfter(0);
        } else if (more) {
            attempt.requestOne();
        }
    }

    /** The subscription ended: Kinesis ended it (failure null) or it failed. Subscribes again unless done. */
    private void onEnd(Attempt attempt, Throwable failure) {
        long pauseNanos;
        lock.lock();
        try {
            if (attempt != current) {
                return; // renewed or closed meanwhile
            }
            current = null;
            if (ended) {
                return;
            }
            if (failure == null && attempt.events > 0) {
                pauseNanos = 0; // Kinesis ends subscriptions after five minutes: renew at once
                renewals.increment();
            } else {
                failuresInARow++;
                pauseNanos = FAILED.delayBefore(failuresInARow).toNanos();
                newsArrived(); // readers waiting at the head now read with GetRecords
                logFailure(failure);
            }
        } finally {
            lock.unlock();
        }
        subscribeAfter(pauseNanos);
    }

    private void subscribeAfter(long pauseNanos) {
        try {
            scheduler.schedule(this::subscribe, pauseNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            // the feed is closing: nothing more to subscribe to
        }
    }

    /** Guarded by lock. */
    private void logFailure(Throwable failure) {
        Throwable cause = failure == null ? null : Outages.unwrap(failure);
        // Subscribing again right after a subscription ended finds it still in use for a moment.
        Level level = failuresInARow == 1 && !(cause instanceof ResourceInUseException) ? Level.WARNING : Level.FINE;
        LOG.log(level, "subscription to shard " + shardId + " ended without events or failed ("
                + failuresInARow + " in a row); subscribing again", cause);
    }

    private static SequenceNumber later(SequenceNumber a, SequenceNumber b) {
        return a == null || b.compareTo(a) > 0 ? b : a;
    }

    private static StartingPosition startingPosition(Position from) {
        StartingPosition.Builder position = StartingPosition.builder();
        switch (from) {
            case Position.NotStarted notStarted -> position.type(ShardIteratorType.TRIM_HORIZON);
            case Position.After after -> position.type(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                    .sequenceNumber(after.sequence().toString());
            case Position.AtTimestamp at -> position.type(ShardIteratorType.AT_TIMESTAMP).timestamp(at.timestamp());
        }
        return position.build();
    }

    /**
     * One SubscribeToShard call: its response handler and the subscriber of its events. Its end
     * is reported once, however many of the SDK's callbacks report it.
     */
    private final class Attempt implements SubscribeToShardResponseHandler, Subscriber<SubscribeToShardEventStream> {

        final long startedNanos = System.nanoTime();
        int events; // guarded by the subscription's lock
        private final AtomicBoolean finished = new AtomicBoolean();
        private final AtomicBoolean demanded = new AtomicBoolean(); // an event was requested and not pushed yet
        private volatile Subscription subscription;
        private volatile boolean cancelled;

        void requestOne() {
            Subscription events = subscription;
            if (events != null && !cancelled && demanded.compareAndSet(false, true)) {
                events.request(1);
            }
        }

        void cancel() {
            cancelled = true; // set before reading subscription: onSubscribe cancels what comes later
            Subscription events = subscription;
            if (events != null) {
                events.cancel();
            }
        }

        void finish(Throwable failure) {
            if (finished.compareAndSet(false, true)) {
                onEnd(this, failure);
            }
        }

        @Override
        public void responseReceived(SubscribeToShardResponse response) {
        }

        @Override
        public void onEventStream(SdkPublisher<SubscribeToShardEventStream> publisher) {
            publisher.subscribe(this);
        }

        @Override
        public void exceptionOccurred(Throwable failure) {
            finish(failure);
        }

        @Override
        public void complete() {
            finish(null);
        }

        @Override
        public void onSubscribe(Subscription events) {
            subscription = events;
            if (cancelled) {
                events.cancel();
                return;
            }
            boolean more;
            lock.lock();
            try {
                more = this == current && wantsMore();
            } finally {
                lock.unlock();
            }
            if (more) {
                requestOne();
            }
        }

        @Override
        public void onNext(SubscribeToShardEventStream event) {
            demanded.set(false);
            if (event instanceof SubscribeToShardEvent pushedEvent) {
                onEvent(this, pushedEvent);
            } else {
                requestOne(); // an event type this SDK does not know: skip it
            }
        }

        @Override
        public void onError(Throwable failure) {
            finish(failure);
        }

        @Override
        public void onComplete() {
            finish(null);
        }
    }
}
