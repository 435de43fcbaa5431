package org.accountstream.app;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.accountstream.domain.Account;
import org.accountstream.domain.Replica;

/**
 * The SSE interop client ({@code interop/node/sse-client.js}: the npm {@code eventsource}
 * package's {@code EventSource}, which reconnects by itself) as a consumer: its events applied to
 * a {@link Replica}, its connections counted. Lines are read only while a test waits for something.
 * An error after which {@code EventSource} gives up (a response that is not 200) fails the test.
 */
final class SseConsumer implements AutoCloseable {

    private final ExternalClient client;
    final Replica replica = new Replica();
    /** Connections opened: responses with status 200. */
    int opens;
    int clears;
    int currents;
    /**
     * The errors reported so far, each followed by a reconnection: a refused connection, a
     * response that ended.
     */
    final List<String> errors = new ArrayList<>();

    private SseConsumer(ExternalClient client) {
        this.client = client;
    }

    /** Starts the client on {@code url} with {@code options} (as its usage says). */
    static SseConsumer start(String url, String... options) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--url", url));
        arguments.addAll(List.of(options));
        return new SseConsumer(ExternalClient.startSse(arguments));
    }

    /** Reads until {@code count} {@code current} events have arrived (one comes on each connection). */
    void awaitCurrents(int count, Duration timeout) throws InterruptedException {
        readUntil(() -> currents >= count, count + " current events", timeout);
    }

    /** Reads until {@code count} connections have opened. */
    void awaitOpens(int count, Duration timeout) throws InterruptedException {
        readUntil(() -> opens >= count, count + " opened connections", timeout);
    }

    /**
     * Reads until the replica equals {@code expected}, asked again whenever the stream is quiet
     * (the view may be older than a write); fails after {@code timeout}.
     */
    void awaitView(StreamClient.ExpectedView expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Long, Account> wanted = expected.get();
        while (!replica.byE164().equals(wanted)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the replica (" + replica.byE164().size() + " accounts) did not become"
                        + " the expected view (" + wanted.size() + ") within " + timeout + "; errors: " + errors);
            }
            if (!next(Duration.ofNanos(Math.min(left, Duration.ofMillis(100).toNanos())))) {
                wanted = expected.get();
            }
        }
    }

    private void readUntil(BooleanSupplier done, String what, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + what + " within " + timeout + "; opens " + opens + ", errors: "
                        + errors);
            }
            next(Duration.ofNanos(left));
        }
    }

    /** Reads and applies one line; answers false when none came within {@code timeout}. */
    private boolean next(Duration timeout) throws InterruptedException {
        Map<String, Object> line = client.nextLine(timeout);
        if (line == null) {
            return false;
        }
        switch ((String) line.get("event")) {
            case "open" -> opens++;
            case "error" -> {
                if (!Boolean.TRUE.equals(line.get("reconnecting"))) {
                    throw new AssertionError("EventSource gave up: " + line + "; errors before: " + errors);
                }
                errors.add(line.get("status") + " " + line.get("message") + (line.get("body") == null ? ""
                        : " " + line.get("body")) + " at " + line.get("at"));
            }
            default -> {
                SseEvent event = SseEvent.of(line);
                replica.apply(event.frame());
                clears += event.name().equals("clear") ? 1 : 0;
                currents += event.name().equals("current") ? 1 : 0;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        client.close();
    }
}
