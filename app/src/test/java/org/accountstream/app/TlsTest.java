package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.accountstream.domain.Frame;
import org.accountstream.wire.proto.AccountDataStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The application with {@code accountstream.tls.*} set: both listeners serve TLS only, with a
 * certificate made for this run ({@link TestCertificate}), to grpc-java, grpc-js, Python's
 * C-core grpcio and curl, each trusting that certificate.
 */
class TlsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path directory;

    private static TestCertificate certificate;
    private static RunningApp running;

    @BeforeAll
    static void start() {
        certificate = TestCertificate.rsa(directory, "server");
        running = RunningApp.start(certificate.config());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        running.close();
    }

    @Test
    void aGrpcJavaClientTrustingTheCertificateStreams() throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", running.app.grpcPort(),
                TlsChannelCredentials.newBuilder().trustManager(certificate.certificate().toFile()).build()).build();
        try (StreamClient client = StreamClient.open(channel, new byte[0])) {
            AccountDataStream first = client.next(WAIT);
            assertThat(first.getClearAll()).isTrue();
            client.awaitDatasetCurrent(WAIT);
            assertThat(client.recordsReceived).isPositive();
            client.awaitRecordsAfterSnapshot(1, WAIT); // the demo writer's changes arrive live
        } finally {
            RunningApp.closeChannel(channel);
        }
    }

    @ParameterizedTest
    @EnumSource(ExternalClient.Kind.class)
    void anIndependentClientTrustingTheCertificateStreams(ExternalClient.Kind kind) throws Exception {
        try (ExternalClient client = ExternalClient.start(kind, running.app.grpcPort(), new byte[0],
                List.of("--ca-file", certificate.certificate().toString()))) {
            Frame first = client.next(WAIT);
            assertThat(first).as("first message").isNotNull();
            assertThat(first.clearAll()).isTrue();
            int records = first.records().size();
            for (Frame frame = first; !frame.datasetCurrent(); ) {
                frame = client.next(WAIT);
                assertThat(frame).as("a message within " + WAIT).isNotNull();
                records += frame.records().size();
            }
            assertThat(records).isPositive();
        }
    }

    /** The connection is closed at the plaintext client's first bytes: the call fails, it does not wait. */
    @Test
    void aPlaintextGrpcClientFails() throws InterruptedException {
        ManagedChannel plaintext = NettyChannelBuilder.forAddress("127.0.0.1", running.app.grpcPort())
                .usePlaintext().build();
        try {
            HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(plaintext)
                    .withDeadlineAfter(WAIT.toMillis(), TimeUnit.MILLISECONDS); // a guard: reaching it fails the test
            assertThatThrownBy(() -> health.check(HealthCheckRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        } finally {
            RunningApp.closeChannel(plaintext);
        }
    }

    @Test
    void curlTrustingTheCertificateGetsHealthOverHttps() throws Exception {
        CountDownLatch ready = new CountDownLatch(1);
        running.app.service().onReadinessChange(isReady -> {
            if (isReady) {
                ready.countDown();
            }
        });
        assertThat(ready.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("ready within " + WAIT).isTrue();
        String health = "https://127.0.0.1:" + running.app.httpPort() + "/observe/health";

        assertThat(curl("--cacert", certificate.certificate().toString(), health)).isEqualTo(new Curl(0, "200"));
        assertThat(curl(health)).as("not trusting the certificate").isEqualTo(new Curl(60, "000"));
        assertThat(curl(health.replace("https:", "http:"))).as("plaintext")
                .satisfies(plaintext -> assertThat(plaintext.exit()).as("curl's exit: 28 is a timeout").isNotIn(0, 28));
    }

    /** How curl ended (0: with a response; 60: not trusting the server's certificate) and the HTTP status it got. */
    private record Curl(int exit, String status) {
    }

    private static Curl curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--output", "/dev/null",
                "--write-out", "%{http_code}", "--max-time", String.valueOf(WAIT.toSeconds())));
        command.addAll(List.of(args));
        Process curl = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String status = new String(curl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        return new Curl(curl.waitFor(), status);
    }

    @Test
    void theStartLogSaysBothListenersUseTls() throws Exception {
        List<String> args = new ArrayList<>(
                List.of("accountstream.mode=memory", "accountstream.token.keys=" + RunningApp.TOKEN_KEY));
        RunningApp.loopback(certificate.config()).forEach((key, value) -> args.add(key + "=" + value));
        try (AppProcess app = AppProcess.start(args.toArray(String[]::new))) {
            assertThat(app.awaitLineContaining("AccountStream is up")).contains("gRPC (TLS) on port", "HTTPS on port");
            assertThat(app.awaitLineContaining("try:")).contains("--ca-file");
        }
    }
}
