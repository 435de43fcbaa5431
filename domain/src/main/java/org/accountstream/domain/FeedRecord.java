package org.accountstream.domain;

import java.util.List;
import java.util.Objects;

/**
 * One record of a change feed: its sequence number in its shard and the changes derived from
 * it (zero, one, or two for an e164 move), all for one account.
 */
public record FeedRecord(SequenceNumber sequence, List<AccountChange> changes) {
    public FeedRecord {
        Objects.requireNonNull(sequence, "sequence");
        changes = List.copyOf(changes);
    }
}
