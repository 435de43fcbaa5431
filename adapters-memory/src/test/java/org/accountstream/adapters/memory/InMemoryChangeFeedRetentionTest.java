package org.accountstream.adapters.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.Position;
import org.accountstream.domain.SequenceNumber;
import org.accountstream.domain.Shard;
import org.accountstream.domain.ShardLineage;
import org.accountstream.ports.contract.MutableClock;
import org.accountstream.ports.contract.TestAccounts;
import org.accountstream.ports.out.ShardReadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class InMemoryChangeFeedRetentionTest {

    private static final Duration RETENTION = Duration.ofHours(24);

    private final MutableClock clock = new MutableClock(Instant.parse("2024-06-01T00:00:00Z"));
    private final InMemoryChangeFeed feed = new InMemoryChangeFeed("retention", 1, 0, RETENTION, clock);
    private final InMemoryAccountTable table = new InMemoryAccountTable(1, feed);
    private final TestAccounts accounts = new TestAccounts(11);
    private final String shard = feed.openShardIds().getFirst();

    @Test
    void readingFromBeforeATrimmedRecordAnswersTrimmed() {
        write();
        clock.advance(Duration.ofHours(12));
        write();
        clock.advance(Duration.ofHours(13));

        feed.trimExpired();

        assertThat(feed.read(shard, Position.notStarted(), 10)).isInstanceOf(ShardReadResult.Trimmed.class);
    }

    @Test
    void readingFromTheNewestTrimmedRecordLosesNothing() {
        write();
        SequenceNumber expiring = newestSequence();
        clock.advance(Duration.ofHours(12));
        Account recent = write();
        clock.advance(Duration.ofHours(13));

        feed.trimExpired();

        assertThat(changes(feed.read(shard, Position.after(expiring), 10)))
                .containsExactly(new AccountChange.Upsert(recent));
    }

    @Test
    void expiredClosedShardVanishesWhileItsChildrenStayListed() {
        write();
        List<String> children = feed.split(shard);
        clock.advance(RETENTION.plusHours(1));

        feed.trimExpired();

        assertThat(feed.listShards()).extracting(Shard::id).doesNotContain(shard).containsAll(children);
        assertThat(feed.read(shard, Position.notStarted(), 10)).isInstanceOf(ShardReadResult.Trimmed.class);
        assertThat(new ShardLineage(feed.listShards()).listedParentsOf(children.getFirst()))
                .as("a child of a trimmed shard is a root").isEmpty();
    }

    @Test
    void closedShardStaysListedUntilItClosedLongerAgoThanRetention() {
        write();
        clock.advance(Duration.ofHours(23));
        feed.split(shard);
        clock.advance(Duration.ofHours(2));

        feed.trimExpired();

        assertThat(feed.listShards()).extracting(Shard::id).contains(shard);
        assertThat(feed.read(shard, Position.notStarted(), 10))
                .as("its records expired").isInstanceOf(ShardReadResult.Trimmed.class);

        clock.advance(Duration.ofHours(23));
        feed.trimExpired();

        assertThat(feed.listShards()).extracting(Shard::id).doesNotContain(shard);
    }

    @Test
    void captureHeadAfterTrimmingPointsPastTheTrimmedRecords() {
        write();
        write();
        clock.advance(RETENTION.plusHours(1));
        feed.trimExpired();

        Position head = feed.captureHead().positionOf(shard);

        assertThat(feed.read(shard, head, 10)).isInstanceOfSatisfying(ShardReadResult.Batch.class, batch -> {
            assertThat(batch.records()).isEmpty();
            assertThat(batch.atHead()).isTrue();
        });
        Account later = write();
        assertThat(changes(feed.read(shard, head, 10))).containsExactly(new AccountChange.Upsert(later));
    }

    private Account write() {
        Account account = accounts.next();
        table.put(account);
        return account;
    }

    private SequenceNumber newestSequence() {
        return ((Position.After) feed.captureHead().positionOf(shard)).sequence();
    }

    private static List<AccountChange> changes(ShardReadResult result) {
        assertThat(result).isInstanceOf(ShardReadResult.Batch.class);
        return ((ShardReadResult.Batch) result).records().stream().flatMap(r -> r.changes().stream()).toList();
    }
}
