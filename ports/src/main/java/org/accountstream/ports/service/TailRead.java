package org.accountstream.ports.service;

import java.util.List;
import org.accountstream.domain.FeedRecord;

/** What a stream gets when it asks for the records of one shard after its position. */
sealed interface TailRead {

    /** Records (possibly none) after the position; {@code atHead} when nothing else is known. */
    record Records(List<FeedRecord> records, boolean atHead) implements TailRead {
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

    /** The feed has been unreadable (throttled, failing) for longer than the configured bound. */
    record Unavailable() implements TailRead {
    }
}
