package org.accountstream.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One record of a change feed: its sequence number in its shard, the changes derived from it
 * (zero, one, or two for an e164 move), all for one account, and when the feed received it if
 * the feed says (Kinesis' approximate arrival; needed to place a record against a timestamp
 * position, see {@link Position.AtTimestamp}).
 */
public record FeedRecord(SequenceNumber sequence, List<AccountChange> changes, Instant arrival) {

    public FeedRecord {
        Objects.requireNonNull(sequence, "sequence");
        changes = List.copyOf(changes);
    }

    /** A record of a feed that does not say when records arrived (DynamoDB Streams' reads do not need it). */
    public FeedRecord(SequenceNumber sequence, List<AccountChange> changes) {
        this(sequence, changes, null);
    }

    public Optional<Instant> arrivedAt() {
        return Optional.ofNullable(arrival);
    }
}
