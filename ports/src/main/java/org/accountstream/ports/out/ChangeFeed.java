package org.accountstream.ports.out;

import java.util.List;
import org.accountstream.domain.Horizon;
import org.accountstream.domain.Position;
import org.accountstream.domain.Shard;

/**
 * The table's change feed: a forest of shards of {@link org.accountstream.domain.FeedRecord}s,
 * each account's changes in one shard at a time (DESIGN §4).
 */
public interface ChangeFeed {

    /** Names the feed (stream name or ARN); tokens of another feed are not honoured. */
    String feedId();

    /** Every shard the feed holds now, open and closed, with lineage. */
    List<Shard> listShards();

    /**
     * The feed's head now: a position for every open shard such that every record written after
     * this call returns is read from it (DESIGN §6, the start horizon).
     */
    Horizon captureHead();

    /**
     * Gets ready for the first streams, e.g. reads every open shard to its tip so that the first
     * {@link #captureHead()} is quick; the service calls it once as it starts and reports not
     * ready until it returns.
     *
     * @throws SourceUnavailableException when the feed cannot be read now (the service retries)
     */
    default void warmUp() {
    }

    /** Reads up to {@code maxRecords} records of {@code shardId} that follow {@code from}. */
    ShardReadResult read(String shardId, Position from, int maxRecords);

    /**
     * Whether {@link #read} at the head waits, bounded and interruptibly, for the next records,
     * so readers need not pause between reads (records pushed to this replica, e.g. Kinesis
     * enhanced fan-out). An interrupted read answers an empty batch with the interrupt flag set.
     */
    default boolean waitsForNews() {
        return false;
    }
}
