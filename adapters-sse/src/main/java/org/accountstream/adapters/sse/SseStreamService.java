package org.accountstream.adapters.sse;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.UncheckedIOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.accountstream.domain.InvalidRequestException;
import org.accountstream.domain.TokenCodec;
import org.accountstream.ports.in.AccessControl;
import org.accountstream.ports.in.AccessDeniedException;
import org.accountstream.ports.in.ServerStoppingException;
import org.accountstream.ports.in.ServiceReadiness;
import org.accountstream.ports.in.StreamAccountsUseCase;
import org.accountstream.ports.in.StreamRequest;
import org.accountstream.ports.in.TooManyStreamsException;
import org.accountstream.ports.in.UpstreamUnavailableException;
import org.accountstream.wire.SseFrames;

/**
 * {@code GET /v1/accounts/stream}: the stream as Server-Sent Events (DESIGN §13). Each request
 * runs its stream on the virtual thread Helidon gave it, which blocks while the client does not
 * read.
 *
 * <p>The service decides how a stream ends; this translates. Before the first event: a bad
 * request → 400, no or a wrong credential → 401, a range the credential does not cover → 403,
 * over the stream limit → 429, the sources unreadable, or the service not ready within
 * {@link SseSettings#readyWait()} → 503, each an RFC 9457 problem, the refusals that pass with
 * {@code Retry-After} ({@link ReadinessWait} says why a request waits for readiness first). A
 * stopping server answers an empty stream, which {@code EventSource} retries after its delay,
 * where a 503 would end it for good. Once events flow, the response simply ends after its last
 * complete event when the server stops or the sources fail, and {@code EventSource} reconnects
 * with the last id it received.
 */
public final class SseStreamService implements HttpService {

    public static final String PATH = "/v1/accounts/stream";

    /**
     * What the HTTP server must accept in its request line and in its headers: the largest token
     * the service honours, in base64url (in {@code token} or {@code Last-Event-ID}), with room for
     * the rest of the request. Larger requests are refused by the server (414, 431 or 400).
     */
    public static final int MAX_REQUEST_BYTES = (TokenCodec.DEFAULT_MAX_BYTES + 2) / 3 * 4 + 16 * 1024;

    private static final Logger LOG = Logger.getLogger(SseStreamService.class.getName());

    private final StreamAccountsUseCase streams;
    private final ReadinessWait readiness;
    private final AccessControl access;
    private final SseSettings settings;
    private final KeepAlives keepAlives;

    public SseStreamService(StreamAccountsUseCase streams, ServiceReadiness readiness, AccessControl access,
                            SseSettings settings) {
        this.streams = streams;
        this.readiness = new ReadinessWait(readiness);
        this.access = access;
        this.settings = settings;
        this.keepAlives = new KeepAlives(settings.keepAlive());
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, this::stream);
    }

    @Override
    public void afterStop() {
        readiness.stopped();
        keepAlives.close();
    }

    /** Requests waiting for the service to be ready, for tests. */
    int waitingForReadiness() {
        return readiness.waiting();
    }

    private void stream(ServerRequest request, ServerResponse response) {
        StreamRequest streamRequest;
        try {
            StreamQuery query = StreamQuery.from(request);
            access.authorize(query.secret(), query.range());
            // Always resumable: a reloaded page has no last event id and starts fresh, and
            // EventSource resumes with the id of the last page it received, mid-snapshot or not.
            streamRequest = new StreamRequest(query.range(), query.token(), true);
        } catch (InvalidRequestException e) {
            Problem.of(Status.BAD_REQUEST_400, e.getMessage()).send(response);
            return;
        } catch (AccessDeniedException e) {
            Status status = e.reason() == AccessDeniedException.Reason.UNAUTHENTICATED
                    ? Status.UNAUTHORIZED_401 : Status.FORBIDDEN_403;
            Problem.of(status, e.getMessage()).send(response);
            return;
        }
        ReadinessWait.Outcome readied;
        try {
            readied = readiness.await(settings.readyWait());
        } catch (InterruptedException e) {
            return; // the server is going away
        }
        switch (readied) {
            case READY -> run(streamRequest, response);
            case TIMED_OUT -> Problem.retryAfter(Status.SERVICE_UNAVAILABLE_503, "the service is not ready",
                    settings.retryAfter()).send(response);
            case STOPPED -> new EventStream(response, settings.retry()).endEmpty();
        }
    }

    private void run(StreamRequest request, ServerResponse response) {
        EventStream events = new EventStream(response, settings.retry());
        Thread streamThread = Thread.currentThread();
        AtomicBoolean running = new AtomicBoolean(true);
        ScheduledFuture<?> keepAlive = keepAlives.keep(events, () -> {
            if (running.get()) {
                streamThread.interrupt(); // the client is gone: end its stream as if it had left
            }
        });
        try {
            streams.streamAccounts(request, frame -> events.send(SseFrames.toEvents(frame)));
        } catch (InterruptedException | UncheckedIOException e) {
            LOG.log(Level.FINE, "stream ended by its client", e);
        } catch (InvalidRequestException e) {
            refuse(events, response, Problem.of(Status.BAD_REQUEST_400, e.getMessage()));
        } catch (TooManyStreamsException e) {
            refuse(events, response, Problem.retryAfter(Status.TOO_MANY_REQUESTS_429, e.getMessage(),
                    settings.retryAfter()));
        } catch (ServerStoppingException e) {
            events.endEmpty(); // an EventSource comes back after the retry delay; a 503 would end it
        } catch (UpstreamUnavailableException e) {
            refuse(events, response, Problem.retryAfter(Status.SERVICE_UNAVAILABLE_503, e.getMessage(),
                    settings.retryAfter()));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "stream failed", e);
            refuse(events, response, Problem.of(Status.INTERNAL_SERVER_ERROR_500, "internal error"));
        } finally {
            running.set(false);
            keepAlive.cancel(false);
            events.end();
            Thread.interrupted(); // this thread serves the connection's next request
        }
    }

    /** A problem response if no event was sent yet; otherwise the events simply end. */
    private static void refuse(EventStream events, ServerResponse response, Problem problem) {
        if (events.endUnstarted()) {
            problem.send(response);
        }
    }
}
