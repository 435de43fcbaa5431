package org.accountstream.domain;

import static org.accountstream.domain.SampleAccounts.X;
import static org.accountstream.domain.SampleAccounts.Y;
import static org.accountstream.domain.SampleAccounts.Z;
import static org.accountstream.domain.PropertyTesting.qt;
import static org.accountstream.domain.SampleAccounts.discoverable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.quicktheories.dsl.TheoryBuilder;

/**
 * A consumer reading a resharding feed in random order converges to the table (DESIGN §2, §4, §6).
 *
 * <p>Each try writes to a {@link ModelTable}, splits and merges the {@link ModelFeed}'s shards
 * and, with retention, trims old ones, while a consumer keeps reading a random shard of its
 * {@link Horizon} a random number of records at a time. At the end everything is drained and the
 * consumer's {@link Replica} must equal the table. A naive copy keyed only by e164 rides along to
 * show that the tries really produce the interleavings that break it.
 */
class ConvergenceProperties {

    private static final String FEED = "model-feed";
    private static final TokenCodec CODEC = new TokenCodec(List.of(new byte[32]), TokenCodec.DEFAULT_MAX_BYTES);

    @Test
    void replicaConvergesToTheDiscoverableTableUnderAnyInterleaving() {
        Share naiveLostAccounts = new Share();
        forAllSeeds(200).checkAssert(seed -> {
            Run run = new Run(new Random(seed), false);

            run.play();

            assertThat(run.replica.byE164()).isEqualTo(run.table.discoverableByE164());
            naiveLostAccounts.count(!run.naiveConverged());
        });
        assertThat(naiveLostAccounts.percent()).as("percentage of tries whose naive e164-keyed copy lost accounts")
                .isGreaterThan(5);
    }

    @Test
    void noShardIsReadBeforeItsListedParentsAreFinished() {
        forAllSeeds(200).checkAssert(seed -> {
            Random random = new Random(seed);
            Run run = new Run(random, random.nextBoolean());

            run.play();

            assertThat(run.reads).isPositive();
            assertThat(run.violations).isEmpty();
        });
    }

    @Test
    void consumerWhoseHorizonWasTrimmedStartsOverAndStillConverges() {
        Share startedOverAfterATrim = new Share();
        forAllSeeds(200).checkAssert(seed -> {
            Run run = new Run(new Random(seed), true);

            run.play();

            assertThat(run.violations).isEmpty();
            assertThat(run.replica.byE164()).isEqualTo(run.table.discoverableByE164());
            startedOverAfterATrim.count(run.trimmedStartOvers > 0);
        });
        assertThat(startedOverAfterATrim.percent()).as("percentage of tries that started over after a trim")
                .isGreaterThan(10);
    }

    @Test
    void naiveCopyKeyedByE164LosesAClaimThatOvertakesTheReleaseButTheReplicaDoesNot() {
        ModelFeed feed = new ModelFeed(2);
        Account aAtX = discoverable(1, X);
        Account aAtZ = discoverable(1, Z);
        Account bAtY = discoverable(40, Y);
        Account bAtX = discoverable(40, X);
        assertThat(ModelFeed.slotOf(aAtX.aci())).as("A on shard 0").isLessThan(ModelFeed.SLOTS / 2);
        assertThat(ModelFeed.slotOf(bAtX.aci())).as("B on shard 1").isGreaterThanOrEqualTo(ModelFeed.SLOTS / 2);
        feed.append(aAtX.aci(), ChangeDerivation.derive(aAtX, aAtZ)); // A releases X …
        feed.append(bAtX.aci(), ChangeDerivation.derive(bAtY, bAtX)); // … then B claims X
        Replica replica = new Replica();
        Map<Long, Account> naive = new HashMap<>(Map.of(X, aAtX, Y, bAtY));
        replica.apply(new AccountChange.Upsert(aAtX));
        replica.apply(new AccountChange.Upsert(bAtY));

        for (String shard : List.of("shardId-1", "shardId-0")) { // B's shard is read first
            for (FeedRecord record : feed.recordsAfter(shard, Position.notStarted())) {
                record.changes().forEach(replica::apply);
                record.changes().forEach(change -> applyByE164(naive, change));
            }
        }

        Map<Long, Account> table = Map.of(X, bAtX, Z, aAtZ);
        assertThat(naive).isEqualTo(Map.of(Z, aAtZ));
        assertThat(replica.byE164()).isEqualTo(table);
    }

    /**
     * Seeds for each try's {@link Random}. They are not shrunk: a smaller seed is no simpler run, so
     * shrinking a failure would only play other random runs.
     */
    private static TheoryBuilder<Long> forAllSeeds(int tries) {
        return qt(tries).withShrinkCycles(0).forAll(longs().all().describedAs(seed -> "new Random(" + seed + ")"));
    }

    /** How often something happened in the tries, to check that they really produce it. */
    private static final class Share {
        private int tries;
        private int happened;

        void count(boolean happenedInThisTry) {
            tries++;
            happened += happenedInThisTry ? 1 : 0;
        }

        double percent() {
            return 100.0 * happened / tries;
        }
    }

    /** How a consumer that ignores {@code removed_aci} applies a change. */
    private static void applyByE164(Map<Long, Account> copy, AccountChange change) {
        switch (change) {
            case AccountChange.Upsert upsert -> copy.put(upsert.e164(), upsert.account());
            case AccountChange.Removal removal -> copy.remove(removal.e164());
        }
    }

    /** One try: a table, its feed, and one consumer, all driven by one {@link Random}. */
    private static final class Run {
        final Random random;
        final boolean retention;
        final long retentionTicks;
        final ModelFeed feed;
        final ModelTable table;
        final Replica replica = new Replica();
        final Map<Long, Account> naive = new HashMap<>();
        final List<String> violations = new ArrayList<>();
        Horizon horizon;
        Set<String> finished = new HashSet<>();
        Map<UUID, SequenceNumber> lastAppliedOf = new HashMap<>();
        int reads;
        int trimmedStartOvers;

        Run(Random random, boolean retention) {
            this.random = random;
            this.retention = retention;
            this.retentionTicks = 3 + random.nextInt(40);
            this.feed = new ModelFeed(1 + random.nextInt(3));
            this.table = new ModelTable(feed, random, 4 + random.nextInt(6), 3 + random.nextInt(5));
        }

        void play() {
            for (int i = random.nextInt(20); i > 0; i--) {
                table.randomWrite(random);
            }
            if (random.nextBoolean()) {
                startOver(true); // a snapshot, then the feed from the head captured before it
            } else {
                horizon = rootsNotStarted(); // no snapshot: the whole feed from its start
                deliver(List.of());
            }
            for (int step = 100 + random.nextInt(200); step > 0; step--) {
                int choice = random.nextInt(100);
                if (choice < 40) {
                    table.randomWrite(random);
                } else if (choice < 80) {
                    readSome(true);
                } else if (choice < 86) {
                    feed.splitAnyShard(random);
                } else if (choice < 92) {
                    feed.mergeAnyNeighbours(random);
                } else if (choice < 96) {
                    reconnect();
                } else if (retention) {
                    feed.trimShardsClosedLongerThan(retentionTicks);
                }
            }
            drain();
        }

        boolean naiveConverged() {
            return naive.equals(table.discoverableByE164());
        }

        private Horizon rootsNotStarted() {
            Map<String, Position> roots = new HashMap<>();
            feed.lineage().shards().forEach(s -> roots.put(s.id(), Position.notStarted()));
            return Horizon.of(roots);
        }

        /** Reads on, in random order, until every shard of the horizon is open and read to its end. */
        private void drain() {
            for (int guard = 0; !caughtUp(); guard++) {
                if (guard > 100_000) {
                    violations.add("never caught up: " + horizon);
                    return;
                }
                readSome(false);
            }
        }

        private boolean caughtUp() {
            return horizon.isValidAgainst(feed.lineage()) && horizon.shardIds().stream()
                    .allMatch(s -> !feed.isClosed(s) && feed.recordsAfter(s, horizon.positionOf(s)).isEmpty());
        }

        /** Reads a random number of records of a random shard of the horizon; closes it at its end. */
        private void readSome(boolean writesMayRace) {
            ShardLineage lineage = feed.lineage();
            if (!horizon.isValidAgainst(lineage)) {
                trimmedStartOvers++;
                startOver(writesMayRace);
                return;
            }
            List<String> shards = List.copyOf(horizon.shardIds());
            String shard = shards.get(random.nextInt(shards.size()));
            for (String parent : lineage.listedParentsOf(shard)) {
                if (!finished.contains(parent)) {
                    violations.add("read " + shard + " before its parent " + parent + " was finished");
                }
            }
            reads++;
            List<FeedRecord> unread = feed.recordsAfter(shard, horizon.positionOf(shard));
            if (unread.isEmpty()) {
                if (feed.isClosed(shard)) {
                    horizon = horizon.closeShard(shard, lineage);
                    finished.add(shard);
                    deliver(List.of());
                }
                return;
            }
            List<AccountChange> changes = new ArrayList<>();
            for (FeedRecord record : unread.subList(0, 1 + random.nextInt(Math.min(5, unread.size())))) {
                checkAccountOrder(record);
                changes.addAll(record.changes());
                horizon = horizon.advance(shard, record.sequence());
            }
            deliver(changes);
        }

        /** One account's records must arrive in the order they were written (the clock's order). */
        private void checkAccountOrder(FeedRecord record) {
            if (record.changes().isEmpty()) {
                return;
            }
            UUID aci = record.changes().getFirst().aci();
            SequenceNumber previous = lastAppliedOf.put(aci, record.sequence());
            if (previous != null && previous.compareTo(record.sequence()) >= 0) {
                violations.add("account " + aci + " got record " + record.sequence() + " after " + previous);
            }
        }

        /** A page, as a stream would send it: the changes and the token that resumes after them. */
        private void deliver(List<AccountChange> changes) {
            replica.apply(new Frame(false, changes, token(), false));
            changes.forEach(change -> applyByE164(naive, change));
        }

        /** Clear-all, start horizon at the head, a scan that races with writes, then its token. */
        private void startOver(boolean writesMayRace) {
            replica.apply(Frame.clearAllFrame());
            naive.clear();
            horizon = feed.head();
            finished = new HashSet<>();
            feed.lineage().shards().stream().filter(Shard::isClosed).forEach(s -> finished.add(s.id()));
            lastAppliedOf = new HashMap<>();
            for (UUID aci : table.acis()) { // the scan sees each row at its own moment
                if (writesMayRace && random.nextInt(3) == 0) {
                    table.randomWrite(random);
                }
                table.row(aci).filter(Account::discoverable).ifPresent(account -> {
                    replica.apply(new Frame(false, List.of(new AccountChange.Upsert(account)), new byte[0], false));
                    naive.put(account.e164(), account);
                });
            }
            deliver(List.of());
        }

        /** Disconnects and comes back with the replica's last token, as a real consumer would. */
        private void reconnect() {
            TokenCheck check = CODEC.check(replica.lastToken(), FEED, AciRange.ALL);
            switch (StreamSession.open(check, feed::lineage, progress -> Optional.empty())) {
                case StreamSession.Opening.Resume resume -> horizon = resume.horizon();
                case StreamSession.Opening.ResumeSnapshot snapshot ->
                        violations.add("this model's snapshots hand out no token: " + snapshot);
                case StreamSession.Opening.Fresh fresh -> {
                    if (!fresh.notHonoured().equals(Optional.of(TokenCheck.Reason.TRIMMED))) {
                        violations.add("an honest token was not honoured: " + fresh.notHonoured());
                    }
                    trimmedStartOvers++;
                    startOver(true);
                }
            }
        }

        private byte[] token() {
            return CODEC.encode(new ContinuationToken(FEED, AciRange.ALL, horizon));
        }
    }
}
