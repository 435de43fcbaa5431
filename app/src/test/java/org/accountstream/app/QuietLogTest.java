package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The log of a default start (the embedded demo, no token key) on the JDK that runs the tests,
 * through a snapshot, two tokens too large for gRPC's message limit and SIGTERM, holds the
 * service's own lines only: no warnings of the JVM or of libraries, no stack traces.
 */
class QuietLogTest {

    /** A log line: time, level, logger, message. */
    private static final Pattern LOG_LINE =
            Pattern.compile("\\d{4}\\.\\d\\d\\.\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO|WARNING|SEVERE) (\\S+): .*");
    /** The service's loggers, the web server's start and stop lines, gRPC's one line for unreadable messages. */
    private static final Pattern OWN_LOGGER = Pattern.compile("org\\.accountstream\\..*|io\\.helidon\\.webserver\\.LoomServer"
            + "|io\\.grpc\\.netty\\.shaded\\.io\\.grpc\\.netty\\.NettyServerStream");
    /** Lines that continue the "is up" message. */
    private static final Pattern IS_UP_CONTINUATION = Pattern.compile("  (DynamoDB Local on|try:) .*");
    private static final Duration WAIT = AppProcess.PATIENCE;

    @Test
    void aDefaultStartLogsOnlyTheServicesOwnLines() throws Exception {
        int grpcPort = AppProcess.freePort();
        try (AppProcess app = AppProcess.start("grpc.host=127.0.0.1", "grpc.port=" + grpcPort,
                "server.host=127.0.0.1", "server.port=" + AppProcess.freePort(), "accountstream.embedded.dynamodb-port=0")) {
            app.awaitLineContaining("AccountStream is up");
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
            try {
                try (StreamClient client = StreamClient.open(channel, new byte[0])) {
                    client.awaitDatasetCurrent(WAIT);
                }
                assertTooLargeForGrpc(channel);
                assertTooLargeForGrpc(channel);
            } finally {
                RunningApp.closeChannel(channel);
            }
            app.terminate();
            assertThat(app.awaitExit()).isEqualTo(143);
            assertOnlyOwnLines(app.output());
        }
    }

    /** Over gRPC's 96 KiB message limit, a token is refused by gRPC itself (our own 64 KiB check never sees it). */
    private static void assertTooLargeForGrpc(ManagedChannel channel) {
        try (StreamClient client = StreamClient.open(channel, new byte[100 * 1024])) {
            assertThatThrownBy(() -> client.next(WAIT))
                    .isInstanceOfSatisfying(StreamClient.StreamEndedException.class,
                            e -> assertThat(e.status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        }
    }

    private static void assertOnlyOwnLines(List<String> output) {
        String log = String.join("\n", output);
        for (int i = 0; i < output.size(); i++) {
            String line = output.get(i);
            var logLine = LOG_LINE.matcher(line);
            if (logLine.matches()) {
                assertThat(logLine.group(2)).as("logger of %s; log:\n%s", line, log)
                        .matches(OWN_LOGGER.asPredicate()::test);
            } else {
                assertThat(line).as("line %d of the log:\n%s", i, log).matches(IS_UP_CONTINUATION);
                assertThat(output.subList(0, i)).anyMatch(previous -> previous.contains("AccountStream is up"));
            }
        }
        assertThat(output).filteredOn(line -> line.contains(" WARNING ")).as("warnings; log:\n%s", log)
                .satisfiesExactly(
                        line -> assertThat(line).contains("accountstream.token.keys is not set"),
                        line -> assertThat(line).contains("AUTHENTICATION IS OFF"),
                        line -> assertThat(line).contains("a client sent a request message the server cannot read",
                                "RESOURCE_EXHAUSTED", "exceeds maximum size 98304"));
        assertThat(output).anyMatch(line -> line.contains("AccountStream stopped in"));
    }
}
