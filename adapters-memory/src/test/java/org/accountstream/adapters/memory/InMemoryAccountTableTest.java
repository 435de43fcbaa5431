package org.accountstream.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.accountstream.domain.Account;
import org.accountstream.domain.FeedRecord;
import org.accountstream.domain.Position;
import org.accountstream.ports.contract.TestAccounts;
import org.accountstream.ports.out.ShardReadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class InMemoryAccountTableTest {

    private final InMemoryChangeFeed feed =
            new InMemoryChangeFeed("table", 1, 0, Duration.ofHours(24), Clock.systemUTC());
    private final InMemoryAccountTable table = new InMemoryAccountTable(4, feed);
    private final TestAccounts accounts = new TestAccounts(3);
    private final String shard = feed.openShardIds().getFirst();

    /**
     * A snapshot captures the feed's head, then scans. A write whose change is already before the
     * head but not yet visible to the scan would be missed by both, for ever.
     */
    @Test
    void writeIsVisibleInTheTableBeforeItsChangeEntersTheFeed() throws InterruptedException {
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger checked = new AtomicInteger();
        AtomicInteger invisible = new AtomicInteger();
        Thread checker = Thread.ofPlatform().start(() -> {
            Position from = Position.notStarted();
            while (writing.get()) {
                var batch = (ShardReadResult.Batch) feed.read(shard, from, 10_000);
                if (!batch.records().isEmpty()) {
                    FeedRecord newest = batch.records().getLast();
                    if (table.get(newest.changes().getFirst().aci()).isEmpty()) {
                        invisible.incrementAndGet();
                    }
                    checked.incrementAndGet();
                    from = Position.after(newest.sequence());
                }
            }
        });

        for (int i = 0; i < 50_000; i++) {
            table.put(accounts.next());
        }
        writing.set(false);
        checker.join();

        assertThat(checked).as("the checker raced with the writer").hasValueGreaterThan(10);
        assertThat(invisible).as("changes in the feed whose write the table did not show yet").hasValue(0);
    }

    @Test
    void deletingAnAbsentAccountAddsNothingToTheFeed() {
        table.put(accounts.next());
        var headBefore = feed.captureHead();

        table.delete(accounts.randomUuid());

        assertThat(feed.captureHead()).isEqualTo(headBefore);
    }

    @Test
    void rewritingAnAccountUnchangedAddsNothingToTheFeed() {
        Account account = accounts.next();
        table.put(account);
        var headBefore = feed.captureHead();

        table.put(new Account(account.aci(), account.e164(), account.discoverable(), account.pni(), account.uak()));

        assertThat(feed.captureHead()).isEqualTo(headBefore);
        assertThat(table.get(account.aci())).contains(account);
    }
}
