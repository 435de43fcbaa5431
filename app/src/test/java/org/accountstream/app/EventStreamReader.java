package org.accountstream.app;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code text/event-stream} as a client reads it, parsed as the format says (WHATWG HTML,
 * "Server-sent events"): events (type, id, data lines joined) and comments, one at a time as they
 * arrive. The stream is the real {@code curl}'s output or a {@code java.net.http} response body.
 */
final class EventStreamReader implements AutoCloseable {

    /** An event or a comment. */
    sealed interface Item permits Event, Comment {
    }

    /**
     * An event: its type ({@code message} when it names none), its own {@code id} field
     * ({@code null} when it has none) and its data.
     */
    record Event(String name, String id, String data) implements Item {
    }

    /** A comment line, without its colon and the space after it. */
    record Comment(String text) implements Item {
    }

    private final IncomingLines lines;
    private final AutoCloseable source;
    private String name; // of the event being read: the fields seen since the last blank line
    private String id;
    private StringBuilder data;

    private EventStreamReader(InputStream in, AutoCloseable source) {
        this.lines = new IncomingLines(in);
        this.source = source;
    }

    /** {@code curl -sS -N --noproxy * [options] url}: the real curl, without buffering, straight to the server. */
    static EventStreamReader curl(String url, String... options) throws IOException {
        ExternalClient.requireInstalled(Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, "curl"))), "curl is not on the PATH");
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-N", "--noproxy", "*"));
        command.addAll(List.of(options));
        command.add(url);
        Process curl = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new EventStreamReader(curl.getInputStream(), () -> {
            curl.destroy();
            curl.waitFor(10, TimeUnit.SECONDS);
        });
    }

    /**
     * A GET with {@code java.net.http}.
     *
     * @throws AssertionError when the response's status is not 200
     */
    static EventStreamReader get(URI uri) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            try (InputStream body = response.body(); client) {
                throw new AssertionError("GET " + uri + ": " + response.statusCode() + " "
                        + new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return new EventStreamReader(response.body(), () -> {
            response.body().close();
            client.shutdownNow();
        });
    }

    /**
     * The next event or comment.
     *
     * @throws AssertionError when none comes within {@code timeout} or the stream ends
     */
    Item next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (line == null) {
                throw new AssertionError("no event within " + timeout);
            }
            if (line.startsWith(":")) {
                return new Comment(value(line, 0));
            }
            if (line.isEmpty()) {
                Event event = data == null ? null : new Event(name == null ? "message" : name, id, data.toString());
                name = null;
                id = null;
                data = null;
                if (event != null) {
                    return event;
                }
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : value(line, colon);
            switch (field) {
                case "event" -> name = value;
                case "id" -> id = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> { } // retry, and fields the format ignores
            }
        }
    }

    /** The next event, past any comments. */
    Event nextEvent(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))) instanceof Event event) {
                return event;
            }
        }
    }

    /** A field's value: after the colon at {@code colon}, without one leading space. */
    private static String value(String line, int colon) {
        String value = line.substring(colon + 1);
        return value.startsWith(" ") ? value.substring(1) : value;
    }

    @Override
    public void close() throws Exception {
        source.close();
    }
}
