package org.accountstream.adapters.sse;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;
import org.accountstream.ports.in.AccessControl;

/**
 * The secret an HTTP client presents: {@code Authorization: Bearer <secret>}, else the
 * {@code access_token} query parameter ({@code EventSource} cannot set headers). Another
 * authorization scheme presents none.
 */
final class PresentedSecret {

    private PresentedSecret() {
    }

    static Optional<String> of(ServerRequest request) {
        Optional<String> authorization = request.headers().first(HeaderNames.AUTHORIZATION);
        return authorization.isPresent()
                ? AccessControl.bearerSecret(authorization.get())
                : request.query().first("access_token").asOptional();
    }
}
