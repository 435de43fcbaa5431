package org.accountstream.ports.out;

import java.time.Duration;
import java.util.List;
import org.accountstream.domain.FeedRecord;

/** The answer to one read of one shard. */
public sealed interface ShardReadResult {

    /**
     * Records after the position read from, in sequence order.
     *
     * @param shardEnded         the shard is closed and nothing follows these records
     * @param millisBehindLatest how far the last record is behind the shard's newest; 0 at the head
     */
    record Batch(List<FeedRecord> records, boolean shardEnded, long millisBehindLatest)
            implements ShardReadResult {
        public Batch {
            records = List.copyOf(records);
        }

        public boolean atHead() {
            return millisBehindLatest == 0;
        }
    }

    /** The feed refused the read for now (e.g. Kinesis' 5 reads/s per shard); try after the pause. */
    record Throttled(Duration retryAfter) implements ShardReadResult {
    }

    /** The position or the whole shard is gone (retention): changes after it are lost. */
    record Trimmed() implements ShardReadResult {
    }
}
