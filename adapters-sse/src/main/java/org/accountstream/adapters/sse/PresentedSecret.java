package org.accountstream.adapters.sse;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Locale;
import java.util.Optional;

/**
 * The secret an HTTP client presents: {@code Authorization: Bearer <secret>}, else the
 * {@code access_token} query parameter ({@code EventSource} cannot set headers). Another
 * authorization scheme presents none.
 */
final class PresentedSecret {

    private static final String BEARER = "bearer ";

    private PresentedSecret() {
    }

    static Optional<String> of(ServerRequest request) {
        Optional<String> authorization = request.headers().first(HeaderNames.AUTHORIZATION);
        if (authorization.isPresent()) {
            String value = authorization.get();
            return value.toLowerCase(Locale.ROOT).startsWith(BEARER)
                    ? Optional.of(value.substring(BEARER.length()).strip())
                    : Optional.empty();
        }
        return request.query().first("access_token").asOptional();
    }
}
