package org.accountstream.adapters.dynamodb;

import java.util.Random;
import java.util.UUID;
import org.accountstream.domain.Account;

/** Accounts for this module's own tests; seeded, numbers never repeat within one generator. */
final class Accounts {

    private final Random random;
    private long nextNumber = 14_155_550_000L;

    Accounts(long seed) {
        this.random = new Random(seed);
    }

    Account next() {
        byte[] uak = new byte[16];
        random.nextBytes(uak);
        return new Account(uuid(), nextNumber++, true, uuid(), uak);
    }

    long freshNumber() {
        return nextNumber++;
    }

    UUID uuid() {
        return new UUID(random.nextLong(), random.nextLong());
    }

    static Account withNumber(Account account, long e164) {
        return new Account(account.aci(), e164, account.discoverable(), account.pni(), account.uak());
    }
}
