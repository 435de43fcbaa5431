package org.accountstream.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.Frame;
import org.accountstream.domain.Replica;
import org.accountstream.domain.TokenCodec;
import org.accountstream.wire.SseFrames;

/**
 * An SSE consumer as a test drives it: one {@code GET}, its events read on a thread of its own
 * and taken one at a time, applied to a {@link Replica} (an event with an id ends a frame).
 * A refusal is kept as its status, headers and body.
 */
final class SseClient implements AutoCloseable {

    /** One event as received; a comment has the name {@code ":"} and its text as data. */
    record Event(String name, String id, String data) {
    }

    private static final Event ENDED = new Event("", null, "");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Event> inbox = new LinkedBlockingQueue<>();
    private final Thread reader;
    final Replica replica;
    int clears;
    int recordsReceived;
    boolean current;
    String lastId;
    private boolean ended;

    private SseClient(HttpResponse<Stream<String>> response, Replica replica) {
        this.response = response;
        this.replica = replica;
        this.reader = Thread.ofVirtual().name("sse-client").start(this::read);
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
        return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines()), replica);
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

    /** The whole body of a refusal (it ends). */
    String body() throws InterruptedException {
        reader.join(Duration.ofSeconds(30));
        StringBuilder body = new StringBuilder();
        for (Event event = inbox.poll(); event != null && event != ENDED; event = inbox.poll()) {
            body.append(event.data());
        }
        return body.toString();
    }

    /** The next event or comment, applied; {@code null} once the response ended; fails after {@code bound}. */
    Event next(Duration bound) throws InterruptedException {
        if (ended) {
            return null;
        }
        Event event = inbox.poll(bound.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("no event within " + bound);
        }
        if (event == ENDED) {
            ended = true;
            return null;
        }
        apply(event);
        return event;
    }

    /** Reads until {@code current}; fails after {@code bound}. */
    void awaitCurrent(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!current) {
            if (next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))) == null) {
                throw new AssertionError("the stream ended before current");
            }
        }
    }

    /** Reads until the replica equals {@code expected}, asked again after every event; fails after {@code bound}. */
    void awaitView(Supplier<Map<Long, Account>> expected, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!replica.byE164().equals(expected.get())) {
            if (next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))) == null) {
                throw new AssertionError("the stream ended before the replica became the expected view");
            }
        }
    }

    /** Reads until the replica holds {@code e164}; fails after {@code bound}. */
    void awaitAccount(long e164, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!replica.byE164().containsKey(e164)) {
            if (next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))) == null) {
                throw new AssertionError("the stream ended before +" + e164 + " arrived");
            }
        }
    }

    /** Reads until the response ends; answers the events read on the way. */
    List<Event> awaitEnd(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        List<Event> events = new ArrayList<>();
        for (Event event; (event = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) != null; ) {
            events.add(event);
        }
        return events;
    }

    private void apply(Event event) {
        switch (event.name()) {
            case "clear" -> {
                clears++;
                replica.apply(Frame.clearAllFrame());
            }
            case "records" -> {
                List<AccountChange> records = records(event.data());
                recordsReceived += records.size();
                records.forEach(replica::apply);
            }
            case "current" -> current = true;
            default -> {
            }
        }
        if (event.id() != null) {
            lastId = event.id();
            byte[] token = SseFrames.tokenFromEventId(event.id());
            if (token.length > 0) {
                replica.apply(new Frame(false, List.of(), token, false));
            }
        }
    }

    /** Parses the lines as they come: fields until a blank line make an event. */
    private void read() {
        String name = null;
        String id = null;
        StringBuilder data = new StringBuilder();
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (response.statusCode() != 200) {
                    inbox.add(new Event("body", null, line));
                } else if (line.startsWith(":")) {
                    inbox.add(new Event(":", null, line.substring(1).strip()));
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                } else if (line.isEmpty() && name != null) {
                    inbox.add(new Event(name, id, data.toString()));
                    name = null;
                    id = null;
                    data.setLength(0);
                }
            }
        } catch (RuntimeException e) {
            // the connection closed under the reader: the response ended
        } finally {
            inbox.add(ENDED);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<AccountChange> records(String json) {
        List<AccountChange> changes = new ArrayList<>();
        for (Object item : (List<Object>) JsonLine.parse(json)) {
            Map<String, Object> record = (Map<String, Object>) item;
            long e164 = Long.parseLong((String) record.get("e164"));
            if (record.get("aci") == null) {
                changes.add(new AccountChange.Removal(e164, uuid(record.get("removedAci"))));
            } else {
                String uak = (String) record.get("uak");
                changes.add(new AccountChange.Upsert(new Account(uuid(record.get("aci")), e164, true,
                        uuid(record.get("pni")), uak == null ? new byte[0] : Base64.getDecoder().decode(uak))));
            }
        }
        return changes;
    }

    private static UUID uuid(Object text) {
        return text == null ? null : UUID.fromString((String) text);
    }

    /** The token of the last event with one, as the {@code token} query parameter takes it. */
    String lastToken() {
        return lastId == null ? "" : TokenCodec.toBase64Url(SseFrames.tokenFromEventId(lastId));
    }

    @Override
    public void close() {
        reader.interrupt();
        response.body().close();
    }
}
