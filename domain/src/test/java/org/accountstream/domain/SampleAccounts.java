package org.accountstream.domain;

import java.util.UUID;

/** Small, readable accounts for tests: {@code aci(1)} is {@code 00000000-…-000000000001}. */
final class SampleAccounts {

    static final long X = 14155550100L;
    static final long Y = 14155550101L;
    static final long Z = 14155550102L;

    private SampleAccounts() {
    }

    static UUID aci(int n) {
        return new UUID(0, n);
    }

    static Account discoverable(int aci, long e164) {
        return new Account(aci(aci), e164, true, null, new byte[0]);
    }

    static Account hidden(int aci, long e164) {
        return new Account(aci(aci), e164, false, null, new byte[0]);
    }

    static AccountChange upsert(Account account) {
        return new AccountChange.Upsert(account);
    }

    static AccountChange removal(long e164, int removedAci) {
        return new AccountChange.Removal(e164, aci(removedAci));
    }
}
