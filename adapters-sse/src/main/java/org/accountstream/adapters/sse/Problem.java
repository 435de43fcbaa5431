package org.accountstream.adapters.sse;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A refusal before any event, as an RFC 9457 problem: {@code application/problem+json} with the
 * status, its reason phrase as the title, and a detail that is safe to show (never a secret).
 */
record Problem(Status status, String detail, Duration retryAfter) {

    static Problem of(Status status, String detail) {
        return new Problem(status, detail, Duration.ZERO);
    }

    /** A refusal that passes: the client may try again after {@code retryAfter}. */
    static Problem retryAfter(Status status, String detail, Duration retryAfter) {
        return new Problem(status, detail, retryAfter);
    }

    void send(ServerResponse response) {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, "application/problem+json");
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        if (!retryAfter.isZero()) {
            response.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
        if (status.code() == Status.UNAUTHORIZED_401.code()) {
            response.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        String json = "{\"type\":\"about:blank\",\"title\":" + quoted(status.reasonPhrase())
                + ",\"status\":" + status.code() + ",\"detail\":" + quoted(detail) + "}";
        response.send(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String quoted(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
