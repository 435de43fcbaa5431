package org.accountstream.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The lines of a child process's output or of a response body, as they arrive: read on a virtual
 * thread of their own, so that a test waits for the next one with a bound.
 */
final class IncomingLines {

    private final BlockingQueue<Optional<String>> lines = new LinkedBlockingQueue<>(); // empty: the end
    private volatile String end = "the stream ended";

    IncomingLines(InputStream in) {
        Thread.ofVirtual().name("incoming-lines").start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(Optional.of(line));
                }
            } catch (IOException e) {
                end = "reading the stream failed: " + e;
            } finally {
                lines.add(Optional.empty());
            }
        });
    }

    /**
     * The next line, or {@code null} when none came within {@code timeout}.
     *
     * @throws AssertionError when the stream has ended
     */
    String next(Duration timeout) throws InterruptedException {
        Optional<String> line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            return null;
        }
        if (line.isEmpty()) {
            lines.add(line); // it stays the end for the next call too
            throw new AssertionError(end);
        }
        return line.get();
    }
}
