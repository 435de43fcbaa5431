package org.accountstream.adapters.memory;

import java.time.Clock;
import java.time.Duration;
import org.accountstream.domain.Account;
import org.accountstream.ports.contract.ChangeFeedHarness;
import org.accountstream.ports.out.ChangeFeed;

/**
 * An {@link InMemoryAccountTable} and its {@link InMemoryChangeFeed} for the feed contract.
 * Resharding alternates between splitting every open shard and merging adjacent pairs, so both
 * split children (one parent) and merge children (two parents) appear in the lineage.
 */
final class MemoryFeedHarness implements ChangeFeedHarness {

    private final InMemoryChangeFeed feed;
    private final InMemoryAccountTable table;
    private int reshards;

    MemoryFeedHarness(int readsPerSecondPerShard) {
        this.feed = new InMemoryChangeFeed("contract", 2, readsPerSecondPerShard, Duration.ofHours(24),
                Clock.systemUTC());
        this.table = new InMemoryAccountTable(4, feed);
    }

    @Override
    public ChangeFeed feed() {
        return feed;
    }

    @Override
    public void write(Account before, Account after) {
        if (after == null) {
            table.delete(before.aci());
        } else {
            table.put(after);
        }
    }

    @Override
    public boolean canReshard() {
        return true;
    }

    @Override
    public void reshard() {
        feed.reshardAll(reshards++ % 2 == 0);
    }

    @Override
    public void close() {
    }
}
