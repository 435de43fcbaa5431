package org.accountstream.adapters.sse;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The live page at {@code /}: a browser's own replica of the stream, built from {@link SseStreamService}'s
 * events by {@code EventSource}. Three fixed files from the class path ({@code web/}), read once
 * here, so that a missing one fails the start rather than a request.
 *
 * <p>{@code no-cache}: a browser asks again each time, and a new version is seen at once. The
 * content security policy lets the page reach its own origin only (its files, the stream).
 */
public final class WebPage implements HttpService {

    private static final HeaderName CONTENT_SECURITY_POLICY = HeaderNames.create("Content-Security-Policy");
    private static final String POLICY = "default-src 'self'; img-src 'self' data:; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";

    private record File(String contentType, byte[] content) {
    }

    private final Map<String, File> files = Map.of(
            "/", file("index.html", "text/html; charset=utf-8"),
            "/app.js", file("app.js", "text/javascript; charset=utf-8"),
            "/app.css", file("app.css", "text/css; charset=utf-8"));

    @Override
    public void routing(HttpRules rules) {
        files.forEach((path, file) -> rules.get(path, (request, response) -> {
            response.header(HeaderNames.CONTENT_TYPE, file.contentType());
            response.header(HeaderNames.CACHE_CONTROL, "no-cache");
            response.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
            response.header(CONTENT_SECURITY_POLICY, POLICY);
            response.send(file.content());
        }));
    }

    private static File file(String name, String contentType) {
        try (InputStream in = WebPage.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("web/" + name + " is not on the class path");
            }
            return new File(contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
