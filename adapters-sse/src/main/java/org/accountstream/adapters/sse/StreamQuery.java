package org.accountstream.adapters.sse;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;
import java.util.Set;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.InvalidRequestException;
import org.accountstream.domain.TokenCodec;
import org.accountstream.wire.SseFrames;

/**
 * What a {@code GET /v1/accounts/stream} asks for: the range ({@code start}, {@code limit}: UUID
 * strings, each optional), the token to resume from ({@code Last-Event-ID}, else the
 * {@code token} parameter: {@code EventSource} reconnects to the same URL, so a header sent with
 * an old {@code token} still in the URL is the newer of the two) and the client's secret (the
 * {@code Authorization: Bearer} header, else {@code access_token}, as {@code EventSource} cannot
 * set headers). Unknown parameters are refused, so that a misspelt {@code strat} is not
 * silently a whole-table stream.
 */
record StreamQuery(AciRange range, byte[] token, Optional<String> secret) {

    static final HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");

    private static final Set<String> PARAMETERS = Set.of("start", "limit", "token", "access_token");

    /** @throws InvalidRequestException naming what is wrong: a parameter, a bound, the range */
    static StreamQuery from(ServerRequest request) {
        for (String name : request.query().names()) {
            if (!PARAMETERS.contains(name)) {
                throw new InvalidRequestException("unknown query parameter '" + name + "'; known: " + PARAMETERS);
            }
            if (request.query().all(name).size() > 1) {
                throw new InvalidRequestException("query parameter '" + name + "' is given more than once");
            }
        }
        AciRange range = AciRange.fromText(request.query().first("start").orElse(null),
                request.query().first("limit").orElse(null));
        byte[] token = request.headers().first(LAST_EVENT_ID)
                .map(SseFrames::tokenFromEventId)
                .or(() -> request.query().first("token").asOptional().map(TokenCodec::fromBase64Url))
                .orElse(new byte[0]);
        return new StreamQuery(range, token, PresentedSecret.of(request));
    }
}
