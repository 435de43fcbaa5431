package org.accountstream.domain;

import java.util.List;

/**
 * Turns a write to the accounts table (an account's state before and after) into the changes a
 * consumer must apply (DESIGN §3). Shared by the filter Lambda and the DynamoDB Streams feed.
 *
 * <p>Most writes touch fields consumers never see; those derive nothing. A write that moves an
 * account to another e164 (or, defensively, another aci) derives the removal of the old identity
 * first, so a replica never keeps a number the account no longer holds.
 */
public final class ChangeDerivation {

    private ChangeDerivation() {
    }

    /**
     * @param before the account before the write, {@code null} for an insert
     * @param after  the account after the write, {@code null} for a delete
     * @return the changes to send, in order; all of them belong to one account's partition
     */
    public static List<AccountChange> derive(Account before, Account after) {
        if (before == null && after == null) {
            return List.of();
        }
        if (before == null) {
            return List.of(AccountChange.servedStateOf(after));
        }
        if (after == null) {
            return List.of(new AccountChange.Removal(before.e164(), before.aci()));
        }
        if (before.e164() != after.e164() || !before.aci().equals(after.aci())) {
            return List.of(
                    new AccountChange.Removal(before.e164(), before.aci()),
                    AccountChange.servedStateOf(after));
        }
        if (before.sameServedFields(after)) {
            return List.of();
        }
        return List.of(AccountChange.servedStateOf(after));
    }
}
