package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.accountstream.domain.AciRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client credentials on both transports: a whole-table client, a client limited to the upper
 * half of the keyspace, and everyone else; metrics behind a credential, health open; no secret in
 * the log.
 */
class AccessTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String EVERYTHING = "reads-everything-0123456789";
    private static final String UPPER_HALF = "reads-upper-half-0123456789";
    private static final String UPPER_START = "80000000-0000-0000-0000-000000000000";
    private static final AciRange UPPER = AciRange.fromText(UPPER_START, null);
    private static final byte[] UPPER_START_BYTES = AciRange.uuidBytes(UPPER.start().orElseThrow());
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler logCapture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage() + " " + record.getParameters() + " " + record.getThrown());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private RunningApp running;
    private ManagedChannel channel;

    @BeforeEach
    void start() {
        Logger.getLogger("").addHandler(logCapture);
        logCapture.setLevel(Level.ALL);
        running = RunningApp.start(Map.of(
                "accountstream.auth.clients.0.token", EVERYTHING,
                "accountstream.auth.clients.1.token", UPPER_HALF,
                "accountstream.auth.clients.1.start", UPPER_START,
                "accountstream.auth.protect-metrics", "true"));
        channel = running.channel();
    }

    @AfterEach
    void stop() throws InterruptedException {
        RunningApp.closeChannel(channel);
        running.close();
        Logger.getLogger("").removeHandler(logCapture);
        assertThat(logged).as("refusals are logged").anyMatch(line -> line.contains("refused a client"));
        assertThat(logged).as("nothing logged shows a presented secret")
                .noneMatch(line -> line.contains("0123456789") || line.contains("wrong-secret"));
    }

    @Test
    void sseLetsInEachClientToItsRangeAndNobodyElse() throws Exception {
        assertThat(sseStatus("", Map.of())).isEqualTo(401);
        assertThat(sseStatus("", Map.of("Authorization", "Bearer wrong-secret"))).isEqualTo(401);
        assertThat(sseStatus("", Map.of("Authorization", "Basic " + EVERYTHING))).isEqualTo(401);
        assertThat(sseStatus("", Map.of("Authorization", "Bearer " + UPPER_HALF))).isEqualTo(403);
        assertThat(sseStatus("?limit=" + UPPER_START, Map.of("Authorization", "Bearer " + UPPER_HALF))).isEqualTo(403);
        try (SseClient whole = SseClient.open(SseClient.streamUri(running.app, ""),
                Map.of("Authorization", "Bearer " + EVERYTHING));
             SseClient upper = SseClient.open(SseClient.streamUri(running.app,
                     "start=" + UPPER_START + "&access_token=" + UPPER_HALF), Map.of())) {
            whole.awaitCurrent(WAIT);
            upper.awaitCurrent(WAIT);
            assertThat(upper.replica.byE164().values()).isNotEmpty()
                    .allMatch(account -> UPPER.contains(account.aci()));
        }
    }

    @Test
    void grpcLetsInEachClientToItsRangeAndNobodyElse() throws Exception {
        assertThat(grpcStatus(new Metadata(), new byte[0])).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(grpcStatus(headers("authorization", "Bearer wrong-secret"), new byte[0]))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(grpcStatus(headers("authorization", "Bearer " + UPPER_HALF), new byte[0]))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        try (StreamClient whole = StreamClient.open(authorized(headers("authorization", "Bearer " + EVERYTHING)),
                new byte[0], new byte[0], new byte[0]);
             StreamClient upper = StreamClient.open(authorized(headers("x-signal-auth-token", UPPER_HALF)),
                     UPPER_START_BYTES, new byte[0], new byte[0])) {
            whole.awaitDatasetCurrent(WAIT);
            upper.awaitDatasetCurrent(WAIT);
        }
    }

    @Test
    void metricsNeedACredentialAndHealthDoesNot() throws Exception {
        assertThat(httpStatus("/observe/health", Map.of())).isEqualTo(200);
        assertThat(httpStatus("/observe/metrics", Map.of())).isEqualTo(401);
        assertThat(httpStatus("/observe/metrics", Map.of("Authorization", "Bearer " + UPPER_HALF))).isEqualTo(200);
        sseStatus("", Map.of("Authorization", "Bearer wrong-secret"));

        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(httpUri("/observe/metrics"))
                .header("Authorization", "Bearer " + EVERYTHING).header("Accept", "text/plain").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("accountstream_access_denied_total{reason=\"unauthenticated\"");
    }

    private int sseStatus(String query, Map<String, String> headers) throws Exception {
        try (SseClient client = SseClient.open(URI.create(SseClient.streamUri(running.app, "") + query), headers)) {
            return client.status();
        }
    }

    private int httpStatus(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(httpUri(path));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private URI httpUri(String path) {
        return URI.create("http://127.0.0.1:" + running.app.httpPort() + path);
    }

    private Status.Code grpcStatus(Metadata headers, byte[] start) throws InterruptedException {
        try (StreamClient client = StreamClient.open(authorized(headers), start, new byte[0], new byte[0])) {
            client.next(WAIT);
            throw new AssertionError("the call was not refused");
        } catch (StreamClient.StreamEndedException e) {
            return e.status.getCode();
        }
    }

    private Channel authorized(Metadata headers) {
        return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static Metadata headers(String name, String value) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value);
        return headers;
    }
}
