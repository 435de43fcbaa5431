package org.accountstream.adapters.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Frame;
import org.accountstream.domain.InvalidRequestException;
import org.accountstream.ports.contract.Eventually;
import org.accountstream.ports.in.AccessControl;
import org.accountstream.ports.in.AccessDeniedException;
import org.accountstream.ports.in.ServerStoppingException;
import org.accountstream.ports.in.ServiceReadiness;
import org.accountstream.ports.in.StreamAccountsUseCase;
import org.accountstream.ports.in.TooManyStreamsException;
import org.accountstream.ports.in.UpstreamUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the service's outcomes reach an HTTP client: statuses, problems, and how a stream ends. */
class SseStreamServiceTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Frame TOKEN_PAGE = new Frame(false, List.of(), new byte[] {1, 2, 3}, true);

    private WebServer server;
    private SseStreamService service;
    private volatile boolean ready = true;
    private final List<Consumer<Boolean>> readinessListeners = new CopyOnWriteArrayList<>();
    private AccessControl access = AccessControl.OPEN;

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aStreamStartsWithTheRetryHintAndHeadersThatStopBuffering() throws Exception {
        serve((request, sink) -> {
            sink.send(Frame.clearAllFrame());
            throw new ServerStoppingException();
        });

        HttpResponse<String> response = get("");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(response.headers().firstValue("x-accel-buffering")).hasValue("no");
        assertThat(response.body()).isEqualTo("retry: 2000\n\nevent: clear\nid: snapshot\ndata: {}\n\n");
    }

    @Test
    void anOutageAfterTheFirstEventEndsTheResponseAfterItsLastCompleteEvent() throws Exception {
        serve((request, sink) -> {
            sink.send(TOKEN_PAGE);
            throw new UpstreamUnavailableException("feed down");
        });

        assertThat(get("").body()).endsWith("event: current\nid: AQID\ndata: {}\n\n");
    }

    @Test
    void refusalsBeforeTheFirstEventAreProblemsWithTheirStatus() throws Exception {
        serve((request, sink) -> {
            throw new TooManyStreamsException(1);
        });
        assertProblem(get(""), 429, "max-streams");
        assertThat(get("").headers().firstValue("retry-after")).hasValue("5");
        server.stop();

        serve((request, sink) -> {
            throw new UpstreamUnavailableException("feed down");
        });
        assertProblem(get(""), 503, "feed down");
        server.stop();

        serve((request, sink) -> {
            throw new InvalidRequestException("continuation token too large");
        });
        assertProblem(get(""), 400, "continuation token too large");
        server.stop();

        serve((request, sink) -> {
            throw new IllegalStateException("secret detail");
        });
        HttpResponse<String> internal = get("");
        assertProblem(internal, 500, "internal error");
        assertThat(internal.body()).doesNotContain("secret");
    }

    @Test
    void malformedRequestsAreBadRequests() throws Exception {
        serve((request, sink) -> sink.send(TOKEN_PAGE));

        assertProblem(get("?start=zz"), 400, "start must be a UUID");
        assertProblem(get("?start=1-1-1-1-1"), 400, "start must be a UUID");
        assertProblem(get("?start=80000000-0000-0000-0000-000000000000&limit=40000000-0000-0000-0000-000000000000"),
                400, "below its limit");
        assertProblem(get("?strat=80000000-0000-0000-0000-000000000000"), 400, "unknown query parameter 'strat'");
        assertProblem(get("?token=a&token=b"), 400, "more than once");
    }

    @Test
    void aServiceNotReadyWithinTheWaitIsUnavailableForAWhile() throws Exception {
        ready = false;
        serve(SseSettings.defaults().withReadyWait(Duration.ofMillis(50)), (request, sink) -> sink.send(TOKEN_PAGE));

        HttpResponse<String> response = get("");

        assertProblem(response, 503, "not ready");
        assertThat(response.headers().firstValue("retry-after")).hasValue("5");
    }

    /** A browser reconnecting to a replica that just restarted is served once it is ready, not refused. */
    @Test
    void aRequestWaitsForTheServiceToBecomeReady() throws Exception {
        ready = false;
        serve((request, sink) -> {
            sink.send(TOKEN_PAGE);
            throw new UpstreamUnavailableException("feed down");
        });
        CompletableFuture<HttpResponse<String>> response = HTTP.sendAsync(request(""), HttpResponse.BodyHandlers.ofString());
        Eventually.await("the request waits for readiness", Duration.ofSeconds(60), () -> service.waitingForReadiness() == 1);

        becomeReady();

        assertThat(response.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void aStoppingServerAnswersAnEmptyStreamThatEventSourceRetries() throws Exception {
        serve((request, sink) -> {
            throw new ServerStoppingException();
        });

        HttpResponse<String> response = get("");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("retry: 2000\n\n");
    }

    @Test
    void refusedCredentialsAre401WithAChallengeOr403() throws Exception {
        access = new AccessControl() {
            @Override
            public void authorize(Optional<String> secret, AciRange range) {
                if (secret.isEmpty()) {
                    throw new AccessDeniedException(AccessDeniedException.Reason.UNAUTHENTICATED);
                }
                if (!range.equals(AciRange.ALL)) {
                    throw new AccessDeniedException(AccessDeniedException.Reason.PERMISSION_DENIED);
                }
            }

            @Override
            public void authenticate(Optional<String> secret) {
            }

            @Override
            public boolean required() {
                return true;
            }
        };
        serve((request, sink) -> sink.send(TOKEN_PAGE));

        HttpResponse<String> unauthenticated = get("");
        assertProblem(unauthenticated, 401, "missing or invalid credentials");
        assertThat(unauthenticated.headers().firstValue("www-authenticate")).hasValue("Bearer");
        assertProblem(get("?access_token=x&start=80000000-0000-0000-0000-000000000000"), 403, "may not read");
    }

    @Test
    void aSilentStreamSendsKeepAlivesAndAClientThatLeftEndsIt() throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        serve(SseSettings.defaults().withKeepAlive(Duration.ofMillis(20)), (request, sink) -> {
            try {
                new CountDownLatch(1).await(); // silent until interrupted
            } finally {
                ended.countDown();
            }
        });

        HttpResponse<Stream<String>> response = HTTP.send(request(""), HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            assertThat(lines.filter(line -> !line.isEmpty()).limit(3))
                    .containsExactly("retry: 2000", ": keep-alive", ": keep-alive");
        }

        assertThat(ended.await(60, TimeUnit.SECONDS)).as("the stream ended once a keep-alive found its client gone")
                .isTrue();
    }

    private void serve(StreamAccountsUseCase streams) {
        serve(SseSettings.defaults(), streams);
    }

    private void serve(SseSettings settings, StreamAccountsUseCase streams) {
        ServiceReadiness readiness = new ServiceReadiness() {
            @Override
            public boolean ready() {
                return ready;
            }

            @Override
            public void onReadinessChange(Consumer<Boolean> listener) {
                readinessListeners.add(listener);
                listener.accept(ready);
            }
        };
        service = new SseStreamService(streams, readiness, access, settings);
        server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(routing -> routing.register(service))
                .build().start();
    }

    private void becomeReady() {
        ready = true;
        readinessListeners.forEach(listener -> listener.accept(true));
    }

    private HttpRequest request(String query) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + SseStreamService.PATH + query))
                .build();
    }

    private HttpResponse<String> get(String query) throws IOException, InterruptedException {
        return HTTP.send(request(query), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":" + status, detail);
    }
}
