package org.accountstream.domain;

import java.util.Objects;
import java.util.UUID;

/**
 * One record a consumer applies to its copy: an upsert of a discoverable account, or the removal
 * of an e164 that names the account it removes (DESIGN §2, "convergence across shards").
 */
public sealed interface AccountChange {

    long e164();

    /** The account this change is about: the upserted one, or the one removed. */
    UUID aci();

    /** A discoverable account, as served. */
    record Upsert(Account account) implements AccountChange {
        public Upsert {
            Objects.requireNonNull(account, "account");
            if (!account.discoverable()) {
                throw new IllegalArgumentException("only discoverable accounts are upserted");
            }
        }

        @Override
        public long e164() {
            return account.e164();
        }

        @Override
        public UUID aci() {
            return account.aci();
        }
    }

    /**
     * "Remove {@code e164}". {@code removedAci} is the account that held it; {@code null} only
     * for removals from servers that predate the field (a {@link Replica} then removes by e164).
     */
    record Removal(long e164, UUID removedAci) implements AccountChange {
        @Override
        public UUID aci() {
            return removedAci;
        }
    }

    /** What a consumer should hold for {@code account}: it if discoverable, else its removal. */
    static AccountChange servedStateOf(Account account) {
        return account.discoverable()
                ? new Upsert(account)
                : new Removal(account.e164(), account.aci());
    }
}
