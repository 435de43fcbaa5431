package org.accountstream.ports.service;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.accountstream.domain.Frame;
import org.accountstream.domain.Position;
import org.accountstream.domain.ShardLineage;
import org.accountstream.domain.StreamSession;
import org.accountstream.ports.in.FrameSink;
import org.accountstream.ports.in.UpstreamUnavailableException;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.ShardReadResult;
import org.accountstream.ports.out.StreamMetrics;

/**
 * Tails the feed for one stream: visits every shard of the session's horizon, takes what the
 * shared tails hold (or reads the feed itself while it is behind them), and sends the session's
 * frames. Sleeps when no shard had news until a shared tail wakes it.
 */
final class FeedTailer {

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
        Map<String, Long> throttledUntilNanos = new HashMap<>();
        long openedNanos = ticker.nanos(); // shared tails' "at head" must be news to this tail
        try {
            while (true) {
                boolean progressed = false;
                for (String shardId : List.copyOf(session.horizon().shardIds())) {
                    Long until = throttledUntilNanos.get(shardId);
                    if (until != null && ticker.nanos() - until < 0) {
                        continue;
                    }
                    throttledUntilNanos.remove(shardId);
                    Position from = session.horizon().positionOf(shardId);
                    TailRead read = tails.read(shardId, from, openedNanos, wakeUp);
                    if (read instanceof TailRead.NotCovered) {
                        read = readDirectly(shardId, from, throttledUntilNanos);
                    }
                    switch (read) {
                        case TailRead.Records records -> {
                            send(sink, session.delivered(shardId, records.records(), records.atHead()));
                            progressed |= !records.records().isEmpty();
                        }
                        case TailRead.Ended ended -> {
                            // A feed may list a closed shard before its children (DynamoDB Streams
                            // can): closing it then would drop its hash range from the horizon, so
                            // the shard stays until a listing shows what follows it.
                            ShardLineage lineage = new ShardLineage(feed.listShards());
                            if (!lineage.childrenOf(shardId).isEmpty()) {
                                send(sink, session.shardEnded(shardId, lineage));
                                progressed = true;
                            }
                        }
                        case TailRead.Trimmed trimmed -> {
                            return;
                        }
                        case TailRead.Unavailable unavailable -> throw new UpstreamUnavailableException(
                                "shard " + shardId + " of " + feed.feedId() + " has been unreadable for over "
                                        + settings.maxUnreadable());
                        case TailRead.NotCovered notCovered -> {
                        }
                    }
                }
                if (!progressed) {
                    news.tryAcquire(settings.idleWait().toMillis(), TimeUnit.MILLISECONDS);
                    news.drainPermits();
                }
            }
        } finally {
            tails.forget(wakeUp);
        }
    }

    /** A stream behind the shared tail (or at a timestamp) reads the feed on its own. */
    private TailRead readDirectly(String shardId, Position from, Map<String, Long> throttledUntilNanos) {
        metrics.feedRead(false);
        ShardReadResult result = feed.read(shardId, from, settings.readBatchSize());
        return switch (result) {
            case ShardReadResult.Batch batch -> batch.shardEnded() && batch.records().isEmpty()
                    ? new TailRead.Ended()
                    : new TailRead.Records(batch.records(), batch.atHead() && !batch.shardEnded());
            case ShardReadResult.Throttled throttled -> {
                metrics.feedThrottled();
                throttledUntilNanos.put(shardId, ticker.nanos() + throttled.retryAfter().toNanos());
                yield new TailRead.Records(List.of(), false);
            }
            case ShardReadResult.Trimmed trimmed -> new TailRead.Trimmed();
        };
    }

    private void send(FrameSink sink, List<Frame> frames) throws InterruptedException {
        for (Frame frame : frames) {
            sink.send(frame);
            metrics.recordsSent(frame.records().size());
        }
    }
}
