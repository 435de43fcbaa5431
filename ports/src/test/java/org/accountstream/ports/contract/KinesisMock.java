package org.accountstream.ports.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * kinesis-mock (npm {@code kinesis-local}, installed in {@code interop/kinesis-mock} by
 * {@code scripts/install-test-clients.sh}) on a free loopback port, with the given streams, for
 * one test class: started by {@link #start}, ready when its health check answers, killed by
 * {@link #close()} (and gone anyway when this JVM dies: it exits when its stdin ends).
 *
 * <p>It is a real Kinesis API server (ListShards, GetRecords, PutRecords, SplitShard, MergeShards,
 * SubscribeToShard, ...) but it never throttles and never trims: tests of those use fakes.
 */
public final class KinesisMock implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final String[] INSTANT_OPERATIONS = {
        "CREATE_STREAM", "DELETE_STREAM", "MERGE_SHARDS", "SPLIT_SHARD", "UPDATE_SHARD_COUNT",
        "REGISTER_STREAM_CONSUMER", "DEREGISTER_STREAM_CONSUMER", "START_STREAM_ENCRYPTION",
        "STOP_STREAM_ENCRYPTION"};

    private final Process process;
    private final URI endpoint;

    private KinesisMock(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /**
     * Starts it for a test class with {@code streams}; when the npm package is not installed the
     * test is skipped, or fails under CI ({@code CI=true}), which installs it.
     */
    public static KinesisMock startForTests(Map<String, Integer> streams) throws IOException, InterruptedException {
        if (!Files.isDirectory(home().resolve("node_modules/kinesis-local"))) {
            String missing = "interop/kinesis-mock has no node_modules (run scripts/install-test-clients.sh)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true but " + missing);
            }
            Assumptions.abort(missing);
        }
        return start(streams);
    }

    /** Starts it with {@code streams}: stream name → shard count. */
    public static KinesisMock start(Map<String, Integer> streams) throws IOException, InterruptedException {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder("node", home().resolve("run.js").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = builder.environment();
        env.put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(port));
        env.put("KINESIS_MOCK_TLS_PORT", "0"); // any free port: parallel mocks must not collide
        if (!streams.isEmpty()) { // the mock refuses an empty list
            env.put("INITIALIZE_STREAMS", streams.entrySet().stream()
                    .map(stream -> stream.getKey() + ":" + stream.getValue())
                    .collect(Collectors.joining(",")));
        }
        env.put("LOG_LEVEL", "WARN");
        for (String operation : INSTANT_OPERATIONS) {
            env.put(operation + "_DURATION", "0ms");
        }
        KinesisMock mock = new KinesisMock(builder.start(), URI.create("http://127.0.0.1:" + port));
        try {
            mock.awaitHealthy();
        } catch (IOException | InterruptedException | RuntimeException e) {
            mock.close();
            throw e;
        }
        return mock;
    }

    /** Where the Kinesis API answers (plain HTTP, loopback). */
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        process.destroyForcibly(); // SIGKILL: a graceful stop can take 30 s with a keep-alive connection open
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest health = HttpRequest.newBuilder(endpoint.resolve("/healthcheck")).build();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("kinesis-mock exited with " + process.exitValue());
                }
                try {
                    if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (ConnectException notListeningYet) {
                    // still starting
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("kinesis-mock did not become healthy within " + STARTUP);
                }
                Thread.sleep(100);
            }
        }
    }

    private static Path home() {
        // Tests run in their module's directory, benchmarks in the repository's.
        Path here = Path.of("").toAbsolutePath();
        Path repository = Files.isDirectory(here.resolve("interop")) ? here : here.getParent();
        return repository.resolve("interop/kinesis-mock");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
