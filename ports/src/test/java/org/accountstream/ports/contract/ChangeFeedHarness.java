package org.accountstream.ports.contract;

import org.accountstream.domain.Account;
import org.accountstream.ports.out.ChangeFeed;

/**
 * What {@link ChangeFeedContract} needs from an adapter under test: the feed, a way to write to
 * the table behind it, and (where the service allows it) a way to reshard. One harness serves one
 * test; {@link #close()} releases whatever it created (a table, a stream, a container).
 */
public interface ChangeFeedHarness extends AutoCloseable {

    ChangeFeed feed();

    /**
     * Writes {@code after} over {@code before} in the table so that the changes derived from it
     * (DESIGN §3) enter the feed. {@code before} is the account's current state ({@code null}
     * for an insert), {@code after} its new one ({@code null} for a delete).
     */
    void write(Account before, Account after);

    /**
     * Whether an e164 change (removal, then upsert) is one feed record, as in a DynamoDB stream,
     * or one record per change, as the filter Lambda writes to Kinesis (in order, in one shard).
     */
    default boolean movesAreOneRecord() {
        return true;
    }

    /** Whether {@link #reshard()} is supported (DynamoDB Streams reshards only by itself). */
    boolean canReshard();

    /**
     * Splits or merges open shards so the lineage grows: the shards it closes list their
     * children, and later writes of an account may land in another shard than earlier ones.
     */
    void reshard();
}
