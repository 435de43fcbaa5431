package org.accountstream.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.accountstream.adapters.memory.InMemoryAccountTable;
import org.accountstream.adapters.memory.InMemoryChangeFeed;
import org.accountstream.domain.Account;
import org.accountstream.domain.Horizon;
import org.accountstream.ports.contract.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DemoWriterTest {

    /** What one write did to the table, as a consumer would notice it. */
    enum Kind { INSERT, DELETE, NUMBER_CHANGE, NUMBER_MOVE, DISCOVERABILITY_FLIP, KEY_CHANGE, NO_OP }

    private final InMemoryChangeFeed feed =
            new InMemoryChangeFeed("demo", 2, 0, Duration.ofHours(24), Clock.systemUTC());
    private final InMemoryAccountTable table = new InMemoryAccountTable(4, feed);
    private final DemoWriter writer = DemoWriter.of(table, 99);

    @Test
    void seedInsertsMostlyDiscoverableAccounts() {
        writer.seed(500);

        assertThat(table.size()).isEqualTo(500);
        assertThat(table.all().stream().filter(Account::discoverable).count()).isBetween(400L, 499L);
    }

    @Test
    void adoptsATableSeededWithItsSeedAndWritesOnIt() {
        writer.seed(200);
        DemoWriter adopter = DemoWriter.of(table, 99);

        adopter.adoptSeeded(200);
        for (int i = 0; i < 500; i++) {
            adopter.writeOnce(); // would fail on an account it believes in but the table lacks
        }

        assertThat(table.all().stream().map(Account::e164).toList()).doesNotHaveDuplicates();
    }

    @Test
    void refusesToAdoptATableSeededOtherwise() {
        writer.seed(200);

        assertThatThrownBy(() -> DemoWriter.of(table, 98).adoptSeeded(200))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not hold the 200 accounts");
        assertThatThrownBy(() -> DemoWriter.of(table, 99).adoptSeeded(201))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void noTwoAccountsEverHoldOneNumber() {
        writer.seed(30);
        for (int i = 0; i < 3000; i++) {
            writer.writeOnce();

            List<Long> numbers = table.all().stream().map(Account::e164).toList();
            assertThat(numbers).as("numbers after write %s", i + 1).doesNotHaveDuplicates();
        }
    }

    @Test
    void producesEveryKindOfChange() {
        writer.seed(30);
        Set<Kind> seen = EnumSet.noneOf(Kind.class);

        for (int i = 0; i < 3000; i++) {
            Map<UUID, Account> before = snapshot();
            writer.writeOnce();
            seen.add(classify(before, snapshot()));
        }

        assertThat(seen).containsExactlyInAnyOrder(Kind.values());
    }

    @Test
    void writesThatChangeNothingServedAddNothingToTheFeed() {
        writer.seed(30);
        int noOps = 0;

        for (int i = 0; i < 1000; i++) {
            Map<UUID, Account> before = snapshot();
            Horizon headBefore = feed.captureHead();
            writer.writeOnce();
            boolean fedSomething = !feed.captureHead().equals(headBefore);

            boolean noOp = classify(before, snapshot()) == Kind.NO_OP;
            assertThat(fedSomething).as("write %s fed the feed", i + 1).isEqualTo(!noOp);
            noOps += noOp ? 1 : 0;
        }
        assertThat(noOps).as("like Signal's table, most writes touch nothing served").isGreaterThan(300);
    }

    @Test
    void backgroundWritingStopsWhenAsked() throws InterruptedException {
        writer.seed(10);
        writer.start(500, Duration.ofSeconds(20));
        Eventually.await("the writer wrote", Eventually.PATIENCE, () -> writer.writes() >= 5);

        writer.stop();
        long afterStop = writer.writes();
        writer.writeOnce();

        assertThat(writer.writes()).as("only the test's own write after stop()").isEqualTo(afterStop + 1);
    }

    private Map<UUID, Account> snapshot() {
        return table.all().stream().collect(Collectors.toMap(Account::aci, Function.identity()));
    }

    private static Kind classify(Map<UUID, Account> before, Map<UUID, Account> after) {
        if (after.keySet().stream().anyMatch(aci -> !before.containsKey(aci))) {
            return Kind.INSERT;
        }
        if (before.keySet().stream().anyMatch(aci -> !after.containsKey(aci))) {
            return Kind.DELETE;
        }
        List<UUID> changed = before.keySet().stream().filter(aci -> !before.get(aci).equals(after.get(aci))).toList();
        if (changed.isEmpty()) {
            return Kind.NO_OP;
        }
        Map<Long, UUID> oldHolders = new HashMap<>();
        changed.forEach(aci -> oldHolders.put(before.get(aci).e164(), aci));
        boolean numberMovedToAnother = changed.stream().anyMatch(aci -> {
            UUID oldHolder = oldHolders.get(after.get(aci).e164());
            return oldHolder != null && !oldHolder.equals(aci);
        });
        if (numberMovedToAnother) {
            return Kind.NUMBER_MOVE;
        }
        assertThat(changed).as("a write that moves no number changes one account").hasSize(1);
        Account was = before.get(changed.getFirst());
        Account is = after.get(changed.getFirst());
        if (was.e164() != is.e164()) {
            return Kind.NUMBER_CHANGE;
        }
        return was.discoverable() != is.discoverable() ? Kind.DISCOVERABILITY_FLIP : Kind.KEY_CHANGE;
    }
}
