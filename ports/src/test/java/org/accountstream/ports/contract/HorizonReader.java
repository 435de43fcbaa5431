package org.accountstream.ports.contract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.FeedRecord;
import org.accountstream.domain.Horizon;
import org.accountstream.domain.Position;
import org.accountstream.domain.ShardLineage;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.ShardReadResult;

/**
 * Drains a {@link ChangeFeed} by the horizon rules a stream follows (DESIGN §4): every shard of
 * the horizon is read from its position; a closed shard read to its end leaves the horizon and
 * admits its children, a merge child only once both parents are done.
 *
 * <pre>
 *   reader = new HorizonReader(feed, feed.captureHead());
 *   harness.write(null, account);
 *   reader.readUntil(r -&gt; !r.changesOf(account.aci()).isEmpty(), Eventually.PATIENCE);
 * </pre>
 *
 * A throttled shard is skipped until the pause the feed asked for has passed. A trimmed position
 * fails loudly: a reader that stepped over it would lose changes without noticing.
 */
public final class HorizonReader {

    /** One record as read, with the shard it came from. */
    public record Delivery(String shardId, FeedRecord record) {
    }

    private static final int BATCH = 100;
    private static final Duration IDLE_PAUSE = Duration.ofMillis(20);

    private final ChangeFeed feed;
    private final List<Delivery> delivered = new ArrayList<>();
    private final Map<String, Long> throttledUntilNanos = new HashMap<>();
    private Horizon horizon;

    public HorizonReader(ChangeFeed feed, Horizon start) {
        this.feed = feed;
        this.horizon = start;
    }

    public Horizon horizon() {
        return horizon;
    }

    public List<Delivery> delivered() {
        return List.copyOf(delivered);
    }

    /** Every change read so far, in reading order. */
    public List<AccountChange> changes() {
        return delivered.stream().flatMap(d -> d.record().changes().stream()).toList();
    }

    /** The changes of one account (upserts of it and removals naming it), in reading order. */
    public List<AccountChange> changesOf(UUID aci) {
        return changes().stream().filter(change -> aci.equals(change.aci())).toList();
    }

    /**
     * Reads every shard of the horizon once (a throttled one is skipped until its pause is over).
     *
     * @return whether a record arrived or a shard was closed
     */
    public boolean readOnce() {
        boolean progressed = false;
        for (String shardId : List.copyOf(horizon.shardIds())) {
            Long until = throttledUntilNanos.get(shardId);
            if (until != null && System.nanoTime() - until < 0) {
                continue;
            }
            throttledUntilNanos.remove(shardId);
            Position from = horizon.positionOf(shardId);
            switch (feed.read(shardId, from, BATCH)) {
                case ShardReadResult.Batch batch -> {
                    for (FeedRecord record : batch.records()) {
                        delivered.add(new Delivery(shardId, record));
                    }
                    if (!batch.records().isEmpty()) {
                        horizon = horizon.advance(shardId, batch.records().getLast().sequence());
                        progressed = true;
                    }
                    if (batch.shardEnded()) {
                        horizon = horizon.closeShard(shardId, new ShardLineage(feed.listShards()));
                        progressed = true;
                    }
                }
                case ShardReadResult.Throttled throttled ->
                        throttledUntilNanos.put(shardId, System.nanoTime() + throttled.retryAfter().toNanos());
                case ShardReadResult.Trimmed trimmed -> throw new IllegalStateException(
                        "shard " + shardId + " was trimmed under the horizon at " + from);
            }
        }
        return progressed;
    }

    /**
     * Reads until {@code done} holds or {@code timeout} passes.
     *
     * @return whether {@code done} held; callers assert on what was read for a useful message
     */
    public boolean readUntil(Predicate<HorizonReader> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(this)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            if (!readOnce()) {
                Thread.sleep(IDLE_PAUSE);
            }
        }
        return true;
    }
}
