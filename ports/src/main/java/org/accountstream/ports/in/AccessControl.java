package org.accountstream.ports.in;

import java.util.Optional;
import org.accountstream.domain.AciRange;

/**
 * Who may read what: every transport asks before it streams (or shows metrics), and translates a
 * refusal (UNAUTHENTICATED / 401, PERMISSION_DENIED / 403). A presented secret is never logged.
 */
public interface AccessControl {

    String BEARER = "Bearer ";

    /** No credentials configured: everyone reads everything. */
    AccessControl OPEN = new AccessControl() {
        @Override
        public void authorize(Optional<String> secret, AciRange range) {
        }

        @Override
        public void authenticate(Optional<String> secret) {
        }

        @Override
        public boolean required() {
            return false;
        }
    };

    /**
     * Checks that {@code secret} (the bearer token the client presented, if any) is a configured
     * credential that may read {@code range}.
     *
     * @throws AccessDeniedException when it is not
     */
    void authorize(Optional<String> secret, AciRange range);

    /**
     * Checks that {@code secret} is a configured credential, whatever its range (for what is not
     * account data: the metrics).
     *
     * @throws AccessDeniedException when it is not
     */
    void authenticate(Optional<String> secret);

    /**
     * The secret of an {@code Authorization} header value, {@code Bearer <secret>} (the scheme in
     * any case, RFC 7235); another scheme presents none.
     */
    static Optional<String> bearerSecret(String authorization) {
        return authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? Optional.of(authorization.substring(BEARER.length()).strip())
                : Optional.empty();
    }

    /** Whether clients must present a credential at all. */
    boolean required();
}
