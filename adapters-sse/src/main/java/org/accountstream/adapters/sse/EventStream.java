package org.accountstream.adapters.sse;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.accountstream.wire.SseFrames;

/**
 * One client's {@code text/event-stream} response, written in the format's own terms: Helidon's
 * {@code SseSink} writes no {@code retry:} field and flushes after every event, where a frame of
 * several events should reach the client whole, with one flush.
 *
 * <p>The response starts (status 200, headers, {@code retry:}) with the first frame or the first
 * keep-alive, whichever comes first, so that anything refused before then is still a problem
 * response with its own status. Writes are serialized by a lock: frames come from the stream's
 * thread or the scanning threads (one at a time), keep-alives from the {@link KeepAlives} timer,
 * which skips its turn rather than wait behind a frame. A write blocks while the client does not
 * read (the socket's buffer is full): that is the stream's backpressure, as on gRPC.
 */
final class EventStream {

    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerResponse response;
    private final Duration retry;
    private final ReentrantLock lock = new ReentrantLock();
    private OutputStream out; // guarded by lock; null until the response starts
    private boolean ended; // guarded by lock
    private volatile boolean quietSinceLastTick = true;

    EventStream(ServerResponse response, Duration retry) {
        this.response = response;
        this.retry = retry;
    }

    /**
     * Writes a frame's events and flushes them.
     *
     * @throws UncheckedIOException when the client is gone
     */
    void send(List<SseFrames.Event> events) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            StringBuilder text = new StringBuilder();
            for (SseFrames.Event event : events) {
                text.append("event: ").append(event.name()).append('\n');
                if (event.id() != null) {
                    text.append("id: ").append(event.id()).append('\n');
                }
                text.append("data: ").append(event.data()).append("\n\n");
            }
            write(text.toString().getBytes(StandardCharsets.UTF_8));
            quietSinceLastTick = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends a comment if nothing was written since the last call and no write is under way
     * (which would itself show whether the client is there).
     *
     * @throws UncheckedIOException when the client is gone
     */
    void keepAlive() {
        boolean quiet = quietSinceLastTick;
        quietSinceLastTick = true;
        if (quiet && lock.tryLock()) {
            try {
                if (!ended) {
                    write(KEEP_ALIVE);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Ends the stream, starting it first if nothing was written yet: a client then sees a 200 with
     * just the retry hint, and an {@code EventSource} comes back after that delay.
     */
    void endEmpty() {
        lock.lock();
        try {
            if (out == null && !ended) {
                write(new byte[0]);
            }
        } catch (UncheckedIOException e) {
            // the client is gone already
        } finally {
            lock.unlock();
        }
        end();
    }

    /**
     * Ends the stream if nothing was written yet, so that the response is free for a problem;
     * answers whether it did.
     */
    boolean endUnstarted() {
        lock.lock();
        try {
            ended |= out == null;
            return out == null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends a started response after its last complete event (the client reconnects with its id);
     * nothing is written after.
     */
    void end() {
        lock.lock();
        try {
            ended = true;
            if (out != null) {
                out.close();
            }
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            // the client is gone already: nothing to end
        } finally {
            lock.unlock();
        }
    }

    private void write(byte[] bytes) {
        try {
            if (out == null) {
                start();
            }
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CloseConnectionException e) { // Helidon's word for a connection that broke
            throw new UncheckedIOException(new IOException("the client is gone", e));
        }
    }

    private void start() throws IOException {
        response.status(Status.OK_200);
        response.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.header(HeaderNames.create("X-Accel-Buffering"), "no"); // nginx: pass events as they come
        out = response.outputStream();
        out.write(("retry: " + retry.toMillis() + "\n\n").getBytes(StandardCharsets.US_ASCII));
    }
}
