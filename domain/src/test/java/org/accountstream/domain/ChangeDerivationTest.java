package org.accountstream.domain;

import static org.accountstream.domain.SampleAccounts.X;
import static org.accountstream.domain.SampleAccounts.Y;
import static org.accountstream.domain.SampleAccounts.aci;
import static org.accountstream.domain.SampleAccounts.discoverable;
import static org.accountstream.domain.SampleAccounts.hidden;
import static org.accountstream.domain.SampleAccounts.removal;
import static org.accountstream.domain.SampleAccounts.upsert;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChangeDerivationTest {

    private static final Account ALICE = discoverable(1, X);

    @Test
    void insertOfDiscoverableAccountDerivesItsUpsert() {
        assertThat(ChangeDerivation.derive(null, ALICE)).containsExactly(upsert(ALICE));
    }

    @Test
    void insertOfHiddenAccountDerivesRemovalNamingItsAci() {
        assertThat(ChangeDerivation.derive(null, hidden(1, X))).containsExactly(removal(X, 1));
    }

    @Test
    void deleteDerivesRemovalOfOldNumberNamingRemovedAci() {
        assertThat(ChangeDerivation.derive(ALICE, null)).containsExactly(removal(X, 1));
    }

    @Test
    void moveOfNumberDerivesRemovalThenUpsert() {
        Account moved = discoverable(1, Y);

        assertThat(ChangeDerivation.derive(ALICE, moved)).containsExactly(removal(X, 1), upsert(moved));
    }

    @Test
    void moveOfHiddenAccountDerivesTwoRemovals() {
        assertThat(ChangeDerivation.derive(hidden(1, X), hidden(1, Y)))
                .containsExactly(removal(X, 1), removal(Y, 1));
    }

    @Test
    void becomingDiscoverableDerivesUpsert() {
        assertThat(ChangeDerivation.derive(hidden(1, X), ALICE)).containsExactly(upsert(ALICE));
    }

    @Test
    void becomingHiddenDerivesRemoval() {
        assertThat(ChangeDerivation.derive(ALICE, hidden(1, X))).containsExactly(removal(X, 1));
    }

    @Test
    void pniChangeDerivesUpsert() {
        Account withPni = new Account(aci(1), X, true, UUID.randomUUID(), new byte[0]);

        assertThat(ChangeDerivation.derive(ALICE, withPni)).containsExactly(upsert(withPni));
    }

    @Test
    void uakChangeDerivesUpsert() {
        Account before = new Account(aci(1), X, true, null, new byte[] {1, 2});
        Account after = new Account(aci(1), X, true, null, new byte[] {1, 3});

        assertThat(ChangeDerivation.derive(before, after)).containsExactly(upsert(after));
    }

    @Test
    void writeThatChangesNoServedFieldDerivesNothing() {
        Account sameAgain = new Account(aci(1), X, true, null, new byte[0]);

        assertThat(ChangeDerivation.derive(ALICE, sameAgain)).isEmpty();
    }

    @Test
    void equalUakContentIsNoChange() {
        Account before = new Account(aci(1), X, true, null, new byte[] {7});
        Account after = new Account(aci(1), X, true, null, new byte[] {7});

        assertThat(ChangeDerivation.derive(before, after)).isEmpty();
    }

    @Test
    void noImagesDeriveNothing() {
        assertThat(ChangeDerivation.derive(null, null)).isEmpty();
    }
}
