package org.accountstream.domain;

import static org.accountstream.domain.SampleAccounts.X;
import static org.accountstream.domain.SampleAccounts.Y;
import static org.accountstream.domain.SampleAccounts.Z;
import static org.accountstream.domain.SampleAccounts.discoverable;
import static org.accountstream.domain.SampleAccounts.removal;
import static org.accountstream.domain.SampleAccounts.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaTest {

    private static final Account A_AT_X = discoverable(1, X);
    private static final Account B_AT_Y = discoverable(2, Y);

    private final Replica replica = new Replica();

    @Test
    void startsEmpty() {
        assertThat(replica.byE164()).isEmpty();
        assertThat(replica.lastToken()).isEmpty();
    }

    @Test
    void upsertAddsTheAccountUnderItsNumber() {
        replica.apply(upsert(A_AT_X));

        assertThat(replica.byE164()).isEqualTo(Map.of(X, A_AT_X));
    }

    @Test
    void upsertOfTheSameAciReplacesItsState() {
        Account withUak = new Account(A_AT_X.aci(), X, true, null, new byte[] {9});

        replica.apply(upsert(A_AT_X));
        replica.apply(upsert(withUak));

        assertThat(replica.byE164()).isEqualTo(Map.of(X, withUak));
        assertThat(replica.size()).isEqualTo(1);
    }

    @Test
    void clearAllEmptiesTheCopyBeforeApplyingTheFramesRecords() {
        replica.apply(upsert(A_AT_X));

        replica.apply(new Frame(true, List.of(upsert(B_AT_Y)), new byte[0], false));

        assertThat(replica.byE164()).isEqualTo(Map.of(Y, B_AT_Y));
    }

    @Test
    void removalRemovesTheNamedAccount() {
        replica.apply(upsert(A_AT_X));
        replica.apply(upsert(B_AT_Y));

        replica.apply(removal(X, 1));

        assertThat(replica.byE164()).isEqualTo(Map.of(Y, B_AT_Y));
    }

    @Test
    void removalNamingAnotherAccountLeavesTheHolderOfTheNumber() {
        Account bAtX = discoverable(2, X);
        replica.apply(upsert(bAtX));

        replica.apply(removal(X, 1));

        assertThat(replica.byE164()).isEqualTo(Map.of(X, bAtX));
    }

    @Test
    void legacyRemovalWithoutAciRemovesWhoeverHoldsTheNumber() {
        replica.apply(upsert(A_AT_X));
        replica.apply(upsert(B_AT_Y));

        replica.apply(new AccountChange.Removal(X, null));

        assertThat(replica.byE164()).isEqualTo(Map.of(Y, B_AT_Y));
    }

    @Test
    void claimThatArrivesBeforeTheReleaseKeepsTheNumber() {
        // Table: A moves X → Z (releases X), then B moves Y → X (claims X).
        // Consumer: B's record (shard 2) arrives before A's record (shard 1).
        Account aAtZ = discoverable(1, Z);
        Account bAtX = discoverable(2, X);
        replica.apply(upsert(A_AT_X));
        replica.apply(upsert(B_AT_Y));

        replica.apply(removal(Y, 2));
        replica.apply(upsert(bAtX));
        replica.apply(removal(X, 1));
        replica.apply(upsert(aAtZ));

        assertThat(replica.byE164()).isEqualTo(Map.of(X, bAtX, Z, aAtZ));
    }

    @Test
    void latestClaimWinsWhileTwoAccountsBrieflyClaimOneNumber() {
        Account bAtX = discoverable(2, X);
        replica.apply(upsert(A_AT_X));
        replica.apply(upsert(bAtX));

        assertThat(replica.byE164()).isEqualTo(Map.of(X, bAtX));
        assertThat(replica.size()).isEqualTo(2);
    }

    @Test
    void lastTokenIsThatOfTheLastFrameCarryingOne() {
        replica.apply(new Frame(false, List.of(upsert(A_AT_X)), new byte[] {1}, false));
        replica.apply(new Frame(false, List.of(upsert(B_AT_Y)), new byte[] {2}, false));
        replica.apply(new Frame(false, List.of(), new byte[0], false));

        assertThat(replica.lastToken()).containsExactly(2);
    }

    @Test
    void clearAllForgetsTheTokenOfTheClearedCopy() {
        replica.apply(new Frame(false, List.of(upsert(A_AT_X)), new byte[] {1}, false));

        replica.apply(Frame.clearAllFrame());

        assertThat(replica.lastToken()).isEmpty();
    }
}
