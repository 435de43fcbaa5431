package org.accountstream.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.accountstream.domain.Account;
import org.accountstream.domain.Replica;
import org.accountstream.domain.TokenCodec;
import org.accountstream.wire.SseFrames;

/**
 * An SSE consumer as a test drives it: one {@code GET} with {@code java.net.http}, its events
 * ({@link EventStreamReader}) taken one at a time and applied to a {@link Replica}
 * ({@link SseEvent}). A refusal is kept as its status, headers and body.
 */
final class SseClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final HttpResponse<InputStream> response;
    private final EventStreamReader events; // null for a refusal
    final Replica replica;
    int clears;
    int recordsReceived;
    boolean current;
    /** The id of the last event that carried one. */
    String lastId;

    private SseClient(HttpResponse<InputStream> response, Replica replica) {
        this.response = response;
        this.replica = replica;
        this.events = response.statusCode() == 200 ? EventStreamReader.over(response) : null;
    }

    /** Opens the stream at {@code uri} with {@code headers}; returns once the response's headers arrived. */
    static SseClient open(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        return open(uri, headers, new Replica());
    }

    /** Opens the stream for a consumer whose copy is {@code replica} (the headers say where to resume). */
    static SseClient open(URI uri, Map<String, String> headers, Replica replica)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()), replica);
    }

    static URI streamUri(AccountStreamApp app, String query) {
        return URI.create("http://127.0.0.1:" + app.httpPort() + "/v1/accounts/stream" + (query.isEmpty() ? "" : "?" + query));
    }

    int status() {
        return response.statusCode();
    }

    Optional<String> header(String name) {
        return response.headers().firstValue(name);
    }

    /** The whole body of a refusal. */
    String body() {
        try (InputStream body = response.body()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next event or comment, an event applied to the replica; fails after {@code bound} or at the end. */
    EventStreamReader.Item next(Duration bound) throws InterruptedException {
        EventStreamReader.Item item = events.next(bound);
        if (item instanceof EventStreamReader.Event event) {
            apply(SseEvent.of(event));
        }
        return item;
    }

    /** The next event, past any comments, applied to the replica. */
    EventStreamReader.Event nextEvent(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            if (next(left(deadline)) instanceof EventStreamReader.Event event) {
                return event;
            }
        }
    }

    /** Reads until {@code current}; fails after {@code bound}. */
    void awaitCurrent(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!current) {
            next(left(deadline));
        }
    }

    /** Reads until the replica holds {@code e164}; fails after {@code bound}. */
    void awaitAccount(long e164, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!replica.byE164().containsKey(e164)) {
            next(left(deadline));
        }
    }

    /** Reads until the replica equals {@code expected}, asked again after every event; fails after {@code bound}. */
    void awaitView(Supplier<Map<Long, Account>> expected, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!replica.byE164().equals(expected.get())) {
            next(left(deadline));
        }
    }

    /** Reads until the response ends; answers what was read on the way. */
    List<EventStreamReader.Item> awaitEnd(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        List<EventStreamReader.Item> items = new ArrayList<>();
        try {
            while (true) {
                items.add(next(left(deadline)));
            }
        } catch (IncomingLines.EndOfStream ended) {
            return items;
        }
    }

    /** The token of the last event with one, as the {@code token} query parameter takes it. */
    String lastToken() {
        return lastId == null ? "" : TokenCodec.toBase64Url(SseFrames.tokenFromEventId(lastId));
    }

    private void apply(SseEvent event) {
        replica.apply(event.frame());
        clears += event.name().equals("clear") ? 1 : 0;
        current |= event.name().equals("current");
        recordsReceived += event.records().size();
        lastId = event.id() == null ? lastId : event.id();
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    @Override
    public void close() throws Exception {
        if (events != null) {
            events.close();
        } else {
            response.body().close();
        }
    }
}
