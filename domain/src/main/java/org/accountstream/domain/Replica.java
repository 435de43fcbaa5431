package org.accountstream.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A consumer's copy of its part of the table, built by applying frames in order.
 *
 * <p><b>Why keyed by aci:</b> changes of one account arrive in order, but changes of different
 * accounts interleave freely across shards. When e164 X moves from account A to account B:
 *
 * <pre>
 *   table:    A releases X, then B claims X
 *   consumer: B claims X (shard 2) … A's "remove X" (shard 1)
 * </pre>
 *
 * A copy keyed only by e164 would apply A's stale removal last and lose B for good. This replica
 * keeps accounts by aci; a removal naming A removes A only, and the e164 view is derived from
 * the accounts, the latest claim winning while two briefly claim one number. Once every change
 * has arrived, no two accounts claim one number and the view equals the table.
 */
public final class Replica {

    private record Claim(Account account, long order) {
    }

    private final Map<UUID, Claim> accounts = new HashMap<>();
    private long applied;
    private byte[] lastToken = new byte[0];

    public void apply(Frame frame) {
        if (frame.clearAll()) {
            accounts.clear();
            // The old token resumes a copy that no longer exists; cut off mid-snapshot, start over.
            lastToken = new byte[0];
        }
        for (AccountChange change : frame.records()) {
            apply(change);
        }
        if (frame.hasToken()) {
            lastToken = frame.continuationToken();
        }
    }

    public void apply(AccountChange change) {
        switch (change) {
            case AccountChange.Upsert upsert ->
                    accounts.put(upsert.account().aci(), new Claim(upsert.account(), ++applied));
            case AccountChange.Removal removal when removal.removedAci() != null ->
                    accounts.remove(removal.removedAci());
            case AccountChange.Removal legacy ->
                    accounts.values().removeIf(claim -> claim.account().e164() == legacy.e164());
        }
    }

    /**
     * The token of the last frame that carried one; empty before the first and after a clear-all.
     * During a resumable snapshot it describes the partial copy held here (the snapshot's start
     * and how far it got): save it only together with this copy, never next to an older one.
     */
    public byte[] lastToken() {
        return lastToken.clone();
    }

    /** The consumer's view: e164 → the account that holds it. */
    public Map<Long, Account> byE164() {
        Map<Long, Claim> view = new HashMap<>();
        for (Claim claim : accounts.values()) {
            view.merge(claim.account().e164(), claim, (a, b) -> a.order() > b.order() ? a : b);
        }
        Map<Long, Account> result = new HashMap<>();
        view.forEach((e164, claim) -> result.put(e164, claim.account()));
        return result;
    }

    public int size() {
        return accounts.size();
    }
}
