package org.accountstream.ports.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.accountstream.domain.Account;

/**
 * Accounts for tests: random acis spread over the whole hash space (so they land in every shard
 * and scan segment), numbers never handed out twice by one generator, and the optional fields
 * sometimes absent. Seeded, so a failing run can be repeated.
 */
public final class TestAccounts {

    private final Random random;
    private long nextNumber = 14_155_550_000L;

    public TestAccounts(long seed) {
        this.random = new Random(seed);
    }

    /** A discoverable account with a fresh number. */
    public Account next() {
        return new Account(randomUuid(), freshNumber(), true,
                random.nextInt(4) == 0 ? null : randomUuid(), randomUak());
    }

    /** {@code count} accounts with fresh numbers, about one in ten not discoverable. */
    public List<Account> many(int count) {
        List<Account> accounts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Account account = next();
            accounts.add(random.nextInt(10) == 0 ? discoverable(account, false) : account);
        }
        return accounts;
    }

    public long freshNumber() {
        return nextNumber++;
    }

    public UUID randomUuid() {
        return new UUID(random.nextLong(), random.nextLong());
    }

    public static Account withNumber(Account account, long e164) {
        return new Account(account.aci(), e164, account.discoverable(), account.pni(), account.uak());
    }

    public static Account discoverable(Account account, boolean discoverable) {
        return new Account(account.aci(), account.e164(), discoverable, account.pni(), account.uak());
    }

    public static Account withUak(Account account, byte[] uak) {
        return new Account(account.aci(), account.e164(), account.discoverable(), account.pni(), uak);
    }

    private byte[] randomUak() {
        if (random.nextInt(4) == 0) {
            return new byte[0];
        }
        byte[] uak = new byte[16];
        random.nextBytes(uak);
        return uak;
    }
}
