package org.accountstream.domain;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * One row of the accounts table as AccountStream sees it (DESIGN §2).
 *
 * <p>{@code pni} is optional ({@code null} when absent); {@code uak} is never null (empty when
 * absent) and is copied in and out, so an {@code Account} is immutable.
 */
public record Account(UUID aci, long e164, boolean discoverable, UUID pni, byte[] uak) {

    public Account {
        Objects.requireNonNull(aci, "aci");
        if (e164 <= 0) {
            throw new IllegalArgumentException("e164 must be positive: " + e164);
        }
        uak = uak == null ? new byte[0] : uak.clone();
    }

    @Override
    public byte[] uak() {
        return uak.clone();
    }

    /** True when every field a consumer sees is equal; {@code discoverable} counts too. */
    public boolean sameServedFields(Account other) {
        return aci.equals(other.aci)
                && e164 == other.e164
                && discoverable == other.discoverable
                && Objects.equals(pni, other.pni)
                && Arrays.equals(uak, other.uak);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Account other && sameServedFields(other);
    }

    @Override
    public int hashCode() {
        return Objects.hash(aci, e164, discoverable, pni, Arrays.hashCode(uak));
    }

    @Override
    public String toString() {
        return "Account[aci=" + aci + ", e164=" + e164 + ", discoverable=" + discoverable
                + ", pni=" + pni + ", uak=" + HexFormat.of().formatHex(uak) + "]";
    }
}
