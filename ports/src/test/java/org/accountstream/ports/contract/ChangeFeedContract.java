package org.accountstream.ports.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.ChangeDerivation;
import org.accountstream.domain.Horizon;
import org.accountstream.domain.Position;
import org.accountstream.domain.SequenceNumber;
import org.accountstream.domain.Shard;
import org.accountstream.domain.ShardLineage;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.ShardReadResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link ChangeFeed} adapter promises the service (DESIGN §3, §4, §6). An adapter's
 * test extends this class and supplies a {@link ChangeFeedHarness}.
 *
 * <p>Nothing here assumes a write is visible at once: what a test expects to read is awaited for
 * up to {@link Eventually#PATIENCE}, and a {@link ShardReadResult.Throttled} answer is retried
 * wherever it comes (see {@link HorizonReader}, {@link FeedReads}).
 */
@Timeout(60)
public abstract class ChangeFeedContract {

    private final TestAccounts accounts = new TestAccounts(20_240_601L);
    private ChangeFeedHarness harness;
    private ChangeFeed feed;

    /** A harness over a fresh, empty table and its feed. */
    protected abstract ChangeFeedHarness newHarness() throws Exception;

    /** A well-formed shard id the feed has never had. */
    protected String unknownShardId() {
        return "shardId-999999999999";
    }

    @BeforeEach
    final void openHarness() throws Exception {
        harness = newHarness();
        feed = harness.feed();
    }

    @AfterEach
    final void closeHarness() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void listsAtLeastOneOpenShard() {
        assertThat(feed.listShards()).filteredOn(shard -> !shard.isClosed()).isNotEmpty();
    }

    @Test
    void listedLineageIsAForestWhoseListedParentsAreClosed() {
        if (harness.canReshard()) {
            harness.write(null, accounts.next());
            harness.reshard();
            harness.reshard();
        }
        List<Shard> shards = feed.listShards();
        ShardLineage lineage = new ShardLineage(shards);

        assertThat(shards).extracting(Shard::id).doesNotHaveDuplicates();
        for (Shard shard : shards) {
            assertThat(shard.parentIds()).as("parents of %s", shard.id())
                    .doesNotContain(shard.id())
                    .doesNotHaveDuplicates();
            // A parent that is not listed was trimmed by retention; a listed one must be closed,
            // or its child would wait for it for ever.
            assertThat(lineage.listedParentsOf(shard.id()))
                    .allSatisfy(parent -> assertThat(lineage.shard(parent).orElseThrow().isClosed())
                            .as("listed parent %s of %s is closed", parent, shard.id()).isTrue());
            assertThat(lineage.ancestorsOf(shard.id())).as("ancestors of %s", shard.id())
                    .doesNotContain(shard.id());
        }
        if (harness.canReshard()) {
            assertThat(shards).as("resharding grew the lineage")
                    .anyMatch(shard -> !lineage.listedParentsOf(shard.id()).isEmpty());
        }
    }

    @Test
    void capturedHeadHasAnEntryForEveryOpenShard() {
        if (harness.canReshard()) {
            harness.reshard();
        }
        harness.write(null, accounts.next());

        Horizon head = feed.captureHead();
        ShardLineage lineage = new ShardLineage(feed.listShards());

        assertThat(head.shardIds()).containsAll(lineage.openShards().stream().map(Shard::id).toList());
        assertThat(head.isValidAgainst(lineage)).as("%s is valid against the listed shards", head).isTrue();
    }

    @Test
    void writeAfterCaptureHeadIsReadFromThatHead() throws InterruptedException {
        HorizonReader reader = new HorizonReader(feed, feed.captureHead());
        Account account = accounts.next();

        harness.write(null, account);

        reader.readUntil(hasChangesOf(account.aci(), 1), Eventually.PATIENCE);
        assertThat(reader.changesOf(account.aci())).containsExactly(new AccountChange.Upsert(account));
    }

    @Test
    void writeBeforeCaptureHeadIsNotReadFromThatHead() throws InterruptedException {
        Account early = accounts.next();
        writeBeforeTheNextHead(early);

        HorizonReader reader = new HorizonReader(feed, feed.captureHead());
        Account late = accounts.next();
        harness.write(null, late);

        reader.readUntil(hasChangesOf(late.aci(), 1), Eventually.PATIENCE);
        reader.readOnce();
        assertThat(reader.changesOf(late.aci())).containsExactly(new AccountChange.Upsert(late));
        assertThat(reader.changesOf(early.aci())).isEmpty();
    }

    @Test
    void sequenceNumbersStrictlyIncreaseWithinAShard() throws InterruptedException {
        HorizonReader reader = new HorizonReader(feed, feed.captureHead());
        int updates = 120; // more than one read's batch, all in the busy account's shard
        int others = 20;
        Account busy = accounts.next();
        harness.write(null, busy);
        for (int i = 1; i <= updates; i++) {
            Account next = TestAccounts.withUak(busy, new byte[] {(byte) i});
            harness.write(busy, next);
            busy = next;
        }
        for (Account other : accounts.many(others)) {
            harness.write(null, other);
        }
        int expected = 1 + updates + others;

        reader.readUntil(r -> r.changes().size() >= expected, Eventually.PATIENCE);

        assertThat(reader.changes()).hasSize(expected);
        Map<String, List<SequenceNumber>> byShard = new HashMap<>();
        reader.delivered().forEach(d -> byShard.computeIfAbsent(d.shardId(), s -> new ArrayList<>())
                .add(d.record().sequence()));
        byShard.forEach((shard, sequences) -> {
            for (int i = 1; i < sequences.size(); i++) {
                assertThat(sequences.get(i)).as("sequence %s of shard %s", i, shard)
                        .isGreaterThan(sequences.get(i - 1));
            }
        });
    }

    @Test
    void oneAccountsChangesArriveInWriteOrderAcrossReshards() throws InterruptedException {
        assumeTrue(harness.canReshard(), "this feed cannot be resharded on demand");
        Horizon start = feed.captureHead();
        HorizonReader reader = new HorizonReader(feed, start);
        Map<UUID, Account> current = new LinkedHashMap<>();
        Map<UUID, List<AccountChange>> expected = new LinkedHashMap<>();
        for (Account account : accounts.many(12)) {
            write(current, expected, account);
            write(current, expected, TestAccounts.withUak(account, new byte[] {7}));
        }
        for (int round = 0; round < 3; round++) {
            harness.reshard();
            for (Account account : List.copyOf(current.values())) {
                // Several changes per account and shard generation: order within a shard counts too.
                // Rounds 0 and 2 move the account's number, round 1 flips whether it is discoverable.
                Account changed = round == 1
                        ? TestAccounts.discoverable(account, !account.discoverable())
                        : TestAccounts.withNumber(account, accounts.freshNumber());
                write(current, expected, changed);
                write(current, expected, TestAccounts.withUak(changed, new byte[] {7, (byte) round}));
                write(current, expected, TestAccounts.withUak(changed, new byte[] {8, (byte) round}));
            }
        }
        for (UUID aci : current.keySet().stream().limit(4).toList()) {
            Account gone = current.remove(aci);
            harness.write(gone, null);
            expected.get(aci).addAll(ChangeDerivation.derive(gone, null));
        }

        reader.readUntil(r -> expected.entrySet().stream()
                .allMatch(e -> r.changesOf(e.getKey()).size() >= e.getValue().size()), Eventually.PATIENCE);

        expected.forEach((aci, changes) ->
                assertThat(reader.changesOf(aci)).as("changes of %s", aci).containsExactlyElementsOf(changes));
        Set<String> shardsRead = reader.delivered().stream().map(HorizonReader.Delivery::shardId)
                .collect(Collectors.toSet());
        assertThat(shardsRead).as("records were read from children of the start horizon's shards")
                .anyMatch(shard -> !start.contains(shard));
    }

    @Test
    void e164ChangeYieldsRemovalThenUpsert() throws InterruptedException {
        HorizonReader reader = new HorizonReader(feed, feed.captureHead());
        Account before = accounts.next();
        Account after = TestAccounts.withNumber(before, accounts.freshNumber());

        harness.write(null, before);
        harness.write(before, after);

        reader.readUntil(hasChangesOf(before.aci(), 3), Eventually.PATIENCE);
        AccountChange removal = new AccountChange.Removal(before.e164(), before.aci());
        assertThat(reader.changesOf(before.aci())).containsExactly(
                new AccountChange.Upsert(before), removal, new AccountChange.Upsert(after));
        if (!harness.movesAreOneRecord()) {
            return;
        }
        assertThat(reader.delivered()).as("the move is one record, so no token can split it")
                .filteredOn(d -> d.record().changes().contains(removal))
                .singleElement()
                .satisfies(d -> assertThat(d.record().changes())
                        .containsExactly(removal, new AccountChange.Upsert(after)));
    }

    @Test
    void noOpWriteYieldsNoChange() throws InterruptedException {
        HorizonReader reader = new HorizonReader(feed, feed.captureHead());
        Account account = accounts.next();
        Account marked = TestAccounts.withUak(account, new byte[] {1, 2, 3});

        harness.write(null, account);
        harness.write(account, account);
        harness.write(account, marked);

        reader.readUntil(hasChangesOf(account.aci(), 2), Eventually.PATIENCE);
        reader.readOnce();
        assertThat(reader.changesOf(account.aci()))
                .containsExactly(new AccountChange.Upsert(account), new AccountChange.Upsert(marked));
    }

    @Test
    void deleteYieldsRemovalOfTheNumberNamingTheAccount() throws InterruptedException {
        HorizonReader reader = new HorizonReader(feed, feed.captureHead());
        Account account = accounts.next();

        harness.write(null, account);
        harness.write(account, null);

        reader.readUntil(hasChangesOf(account.aci(), 2), Eventually.PATIENCE);
        assertThat(reader.changesOf(account.aci())).containsExactly(
                new AccountChange.Upsert(account), new AccountChange.Removal(account.e164(), account.aci()));
    }

    @Test
    void undiscoverableAccountIsServedAsRemoval() throws InterruptedException {
        HorizonReader reader = new HorizonReader(feed, feed.captureHead());
        Account hidden = TestAccounts.discoverable(accounts.next(), false);

        harness.write(null, hidden);

        reader.readUntil(hasChangesOf(hidden.aci(), 1), Eventually.PATIENCE);
        assertThat(reader.changesOf(hidden.aci()))
                .containsExactly(new AccountChange.Removal(hidden.e164(), hidden.aci()));
    }

    @Test
    void readingAnUnknownShardAnswersTrimmed() throws InterruptedException {
        assertThat(FeedReads.readPatiently(feed, unknownShardId(), Position.notStarted(), 10))
                .isInstanceOf(ShardReadResult.Trimmed.class);
    }

    @Test
    void readingAtTheHeadAnswersAnEmptyBatchAtHead() throws InterruptedException {
        writeBeforeTheNextHead(accounts.next());

        Horizon head = feed.captureHead();

        for (String shard : head.shardIds()) {
            assertThat(FeedReads.readPatiently(feed, shard, head.positionOf(shard), 10))
                    .as("read of %s at %s", shard, head.positionOf(shard))
                    .isInstanceOfSatisfying(ShardReadResult.Batch.class, batch -> {
                        assertThat(batch.records()).isEmpty();
                        assertThat(batch.atHead()).isTrue();
                        assertThat(batch.shardEnded()).isFalse();
                    });
        }
    }

    /**
     * Inserts {@code account} and returns once a head captured afterwards lies past the write: a
     * witness reading from an earlier head has read it.
     */
    private void writeBeforeTheNextHead(Account account) throws InterruptedException {
        HorizonReader witness = new HorizonReader(feed, feed.captureHead());
        harness.write(null, account);
        assertThat(witness.readUntil(hasChangesOf(account.aci(), 1), Eventually.PATIENCE))
                .as("the write reached the feed").isTrue();
    }

    private void write(Map<UUID, Account> current, Map<UUID, List<AccountChange>> expected, Account after) {
        Account before = current.put(after.aci(), after);
        harness.write(before, after);
        expected.computeIfAbsent(after.aci(), aci -> new ArrayList<>())
                .addAll(ChangeDerivation.derive(before, after));
    }

    private static Predicate<HorizonReader> hasChangesOf(UUID aci, int count) {
        return reader -> reader.changesOf(aci).size() >= count;
    }
}
