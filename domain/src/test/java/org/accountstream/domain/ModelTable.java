package org.accountstream.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * An accounts table in miniature: a few acis and fewer numbers, so numbers move between accounts
 * often. Every write appends the changes {@link ChangeDerivation} derives from it to the
 * {@link ModelFeed}, as the DynamoDB stream (or the filter Lambda) would. No two rows share an e164.
 */
final class ModelTable {

    private final ModelFeed feed;
    private final List<UUID> acis;
    private final List<Long> numbers;
    private final Map<UUID, Account> rows = new HashMap<>();

    ModelTable(ModelFeed feed, Random random, int accounts, int numbers) {
        this.feed = feed;
        this.acis = random.longs(accounts).mapToObj(bits -> new UUID(bits, random.nextLong())).toList();
        this.numbers = random.longs(numbers, 1_000_000_000L, 999_999_999_999_999L).boxed().distinct().toList();
    }

    List<UUID> acis() {
        return acis;
    }

    Optional<Account> row(UUID aci) {
        return Optional.ofNullable(rows.get(aci));
    }

    /** What a consumer must end up with: the discoverable rows, by number. */
    Map<Long, Account> discoverableByE164() {
        return rows.values().stream().filter(Account::discoverable)
                .collect(Collectors.toMap(Account::e164, a -> a));
    }

    /** One random write: insert, delete, number change, number move, flip, pni, uak, or no-op. */
    void randomWrite(Random random) {
        UUID aci = acis.get(random.nextInt(acis.size()));
        Account row = rows.get(aci);
        if (row == null) {
            freeNumber(random).ifPresent(e164 -> write(aci, newAccount(random, aci, e164)));
            return;
        }
        int choice = random.nextInt(100);
        if (choice < 12) {
            write(aci, null);
        } else if (choice < 40) {
            moveNumber(random, row);
        } else if (choice < 50) {
            freeNumber(random).ifPresent(e164 -> write(aci, with(row, e164, row.discoverable(), row.pni(), row.uak())));
        } else if (choice < 65) {
            write(aci, with(row, row.e164(), !row.discoverable(), row.pni(), row.uak()));
        } else if (choice < 75) {
            write(aci, with(row, row.e164(), row.discoverable(), randomPni(random), row.uak()));
        } else if (choice < 85) {
            write(aci, with(row, row.e164(), row.discoverable(), row.pni(), randomUak(random)));
        } else {
            write(aci, row); // touches only fields consumers never see
        }
    }

    /** A releases its number X (taking a free one, or leaving), then another account B claims X. */
    private void moveNumber(Random random, Account a) {
        long x = a.e164();
        Optional<Long> elsewhere = freeNumber(random);
        write(a.aci(), elsewhere.map(e164 -> with(a, e164, a.discoverable(), a.pni(), a.uak())).orElse(null));
        UUID b = acis.get(random.nextInt(acis.size()));
        if (b.equals(a.aci())) {
            return;
        }
        Account bRow = rows.get(b);
        write(b, bRow == null ? newAccount(random, b, x) : with(bRow, x, bRow.discoverable(), bRow.pni(), bRow.uak()));
    }

    private void write(UUID aci, Account after) {
        Account before = after == null ? rows.remove(aci) : rows.put(aci, after);
        feed.append(aci, ChangeDerivation.derive(before, after));
    }

    private Optional<Long> freeNumber(Random random) {
        List<Long> free = numbers.stream().filter(n -> rows.values().stream().noneMatch(a -> a.e164() == n)).toList();
        return free.isEmpty() ? Optional.empty() : Optional.of(free.get(random.nextInt(free.size())));
    }

    private static Account newAccount(Random random, UUID aci, long e164) {
        return new Account(aci, e164, random.nextInt(5) > 0, randomPni(random), randomUak(random));
    }

    private static Account with(Account row, long e164, boolean discoverable, UUID pni, byte[] uak) {
        return new Account(row.aci(), e164, discoverable, pni, uak);
    }

    private static UUID randomPni(Random random) {
        return random.nextBoolean() ? null : new UUID(random.nextLong(), random.nextLong());
    }

    private static byte[] randomUak(Random random) {
        byte[] uak = new byte[random.nextInt(3)];
        random.nextBytes(uak);
        return uak;
    }
}
