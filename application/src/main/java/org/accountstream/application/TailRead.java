package org.accountstream.application;

import java.util.List;
import org.accountstream.domain.FeedRecord;
import org.accountstream.domain.Position;

/** What a stream gets when it asks for the records of one shard after its position. */
sealed interface TailRead {

    /**
     * Records (possibly none) after the position, and where the stream is after them: after the
     * last record, or, when there were none, its position or one the tail knows is equivalent (a
     * timestamp that every record so far precedes); {@code atHead} when nothing else is known.
     */
    record Records(List<FeedRecord> records, Position next, boolean atHead) implements TailRead {
    }

    /** The shard is closed and the position is its end. */
    record Ended() implements TailRead {
    }

    /** The position is gone: the stream must start over. */
    record Trimmed() implements TailRead {
    }

    /** The shared tail does not hold the position; the stream reads the feed itself. */
    record NotCovered() implements TailRead {
    }
}
