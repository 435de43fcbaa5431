package org.accountstream.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Where reading of one shard resumes: from its start, after a sequence number that was fully
 * delivered, or at a point in time (Kinesis' AT_TIMESTAMP, used only for start horizons).
 */
public sealed interface Position {

    static Position notStarted() {
        return NotStarted.INSTANCE;
    }

    static Position after(SequenceNumber sequence) {
        return new After(sequence);
    }

    static Position atTimestamp(Instant timestamp) {
        return new AtTimestamp(timestamp);
    }

    /** Nothing of the shard delivered yet: read from its first record. */
    enum NotStarted implements Position {
        INSTANCE
    }

    /** Everything up to and including {@code sequence} was delivered. */
    record After(SequenceNumber sequence) implements Position {
        public After {
            Objects.requireNonNull(sequence, "sequence");
        }
    }

    /** Read the records that arrived at or after {@code timestamp}. */
    record AtTimestamp(Instant timestamp) implements Position {
        public AtTimestamp {
            Objects.requireNonNull(timestamp, "timestamp");
        }
    }
}
