package org.accountstream.application;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.accountstream.domain.Frame;
import org.accountstream.domain.Position;
import org.accountstream.domain.ShardLineage;
import org.accountstream.domain.StreamSession;
import org.accountstream.ports.in.FrameSink;
import org.accountstream.ports.in.UpstreamUnavailableException;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.ShardReadResult;
import org.accountstream.ports.out.SourceUnavailableException;
import org.accountstream.ports.out.StreamMetrics;

/**
 * Tails the feed for one stream: visits every shard of the session's horizon, takes what the
 * shared tails hold (or reads the feed itself while it is behind them), and sends the session's
 * frames. Sleeps when no shard had news until a shared tail wakes it, and sends a bookmark when
 * one is due.
 *
 * <p>A shard that stays unreadable ends the stream with {@link UpstreamUnavailableException},
 * whether the stream reads it through a shared tail or on its own: both report to the same
 * {@link UnreadableShards}, whose clock and limit decide for every stream alike.
 */
final class FeedTailer {

    private static final Logger LOG = Logger.getLogger(FeedTailer.class.getName());

    private final ChangeFeed feed;
    private final SharedShardTails tails;
    private final ServiceSettings settings;
    private final StreamMetrics metrics;
    private final Ticker ticker;

    FeedTailer(ChangeFeed feed, SharedShardTails tails, ServiceSettings settings, StreamMetrics metrics,
               Ticker ticker) {
        this.feed = feed;
        this.tails = tails;
        this.settings = settings;
        this.metrics = metrics;
        this.ticker = ticker;
    }

    /**
     * Tails until interrupted, or returns when the session's horizon was trimmed under it
     * (the stream must then start over).
     */
    void tailUntilTrimmed(StreamSession session, FrameSink sink) throws InterruptedException {
        Semaphore news = new Semaphore(0);
        Runnable wakeUp = news::release;
        Map<String, Long> pausedUntilNanos = new HashMap<>(); // shards this stream read itself and must not yet
        long openedNanos = ticker.nanos(); // shared tails' "at head" must be news to this tail
        try {
            while (true) {
                boolean progressed = false;
                for (String shardId : List.copyOf(session.horizon().shardIds())) {
                    Long until = pausedUntilNanos.get(shardId);
                    if (until != null && ticker.nanos() - until < 0) {
                        continue;
                    }
                    pausedUntilNanos.remove(shardId);
                    Position from = session.horizon().positionOf(shardId);
                    TailRead read = tails.read(shardId, from, openedNanos, wakeUp);
                    if (read instanceof TailRead.NotCovered) {
                        read = readDirectly(shardId, from, pausedUntilNanos);
                    }
                    switch (read) {
                        case TailRead.Records records -> {
                            send(sink, session.delivered(shardId, records.records(), records.next(),
                                    records.atHead(), ticker.nanos()));
                            progressed |= !records.records().isEmpty();
                        }
                        case TailRead.Ended ended -> {
                            // A feed may list a closed shard before its children (DynamoDB Streams
                            // can): closing it then would drop its hash range from the horizon, so
                            // the shard stays until a listing shows what follows it.
                            ShardLineage lineage = new ShardLineage(feed.listShards());
                            if (!lineage.childrenOf(shardId).isEmpty()) {
                                send(sink, session.shardEnded(shardId, lineage, ticker.nanos()));
                                progressed = true;
                            }
                        }
                        case TailRead.Trimmed trimmed -> {
                            return;
                        }
                        case TailRead.NotCovered notCovered -> {
                        }
                    }
                    if (tails.unreadable().unreadableLongerThan(shardId, settings.maxUnreadable().toNanos())) {
                        throw new UpstreamUnavailableException("shard " + shardId + " of " + feed.feedId()
                                + " has been unreadable for over " + settings.maxUnreadable());
                    }
                }
                if (!progressed) {
                    news.tryAcquire(settings.idleWait().toMillis(), TimeUnit.MILLISECONDS);
                    news.drainPermits();
                    send(sink, session.bookmarkIfDue(ticker.nanos()).stream().toList());
                }
            }
        } finally {
            tails.forget(wakeUp);
        }
    }

    /**
     * A stream behind the shared tail's log reads the feed on its own. A refusal (throttling) or
     * an outage pauses this shard for the stream and counts towards the shard being unreadable.
     */
    private TailRead readDirectly(String shardId, Position from, Map<String, Long> pausedUntilNanos) {
        metrics.feedRead(false);
        ShardReadResult result;
        try {
            result = feed.read(shardId, from, settings.readBatchSize());
        } catch (SourceUnavailableException e) {
            LOG.log(Level.FINE, "reading shard " + shardId + " failed; trying again later", e);
            tails.unreadable().readFailed(shardId);
            pausedUntilNanos.put(shardId, ticker.nanos() + settings.headPollInterval().multipliedBy(4).toNanos());
            return new TailRead.Records(List.of(), from, false);
        }
        return switch (result) {
            case ShardReadResult.Batch batch -> {
                tails.unreadable().readSucceeded(shardId);
                yield batch.shardEnded() && batch.records().isEmpty()
                        ? new TailRead.Ended()
                        : new TailRead.Records(batch.records(), after(shardId, from, batch),
                                batch.atHead() && !batch.shardEnded());
            }
            case ShardReadResult.Throttled throttled -> {
                metrics.feedThrottled();
                tails.unreadable().readFailed(shardId);
                pausedUntilNanos.put(shardId, ticker.nanos() + throttled.retryAfter().toNanos());
                yield new TailRead.Records(List.of(), from, false);
            }
            case ShardReadResult.Trimmed trimmed -> new TailRead.Trimmed();
        };
    }

    /**
     * Where a stream is after reading {@code batch} on its own: after its last record; or, when a
     * timestamp position found nothing at or after it up to the head, at the later timestamp the
     * shard's tail covers from, if any (nothing arrived in between), so that the tail serves the
     * stream from now on instead of it reading the feed itself again and again.
     */
    private Position after(String shardId, Position from, ShardReadResult.Batch batch) {
        if (!batch.records().isEmpty()) {
            return Position.after(batch.records().getLast().sequence());
        }
        if (from instanceof Position.AtTimestamp at && batch.atHead()) {
            return tails.coveredSince(shardId).filter(since -> since.isAfter(at.timestamp()))
                    .<Position>map(Position::atTimestamp).orElse(from);
        }
        return from;
    }

    private void send(FrameSink sink, List<Frame> frames) throws InterruptedException {
        for (Frame frame : frames) {
            sink.send(frame);
            metrics.recordsSent(frame.records().size());
        }
    }
}
