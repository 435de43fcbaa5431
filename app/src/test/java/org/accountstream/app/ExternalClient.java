package org.accountstream.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Frame;
import org.accountstream.domain.TokenCodec;
import org.junit.jupiter.api.Assumptions;

/**
 * One of the independent interop clients in {@code interop/} (grpc-js, Python grpcio, and the npm
 * {@code eventsource} package for SSE) run as a process: it prints each message or event as a JSON
 * line; closing its stdin ends it.
 */
final class ExternalClient implements AutoCloseable {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    enum Kind {
        NODE, PYTHON;

        /** The command line, or a skipped test (a failed one under CI) when the client is missing. */
        List<String> command(Path repository) {
            switch (this) {
                case NODE -> requireInstalled(Files.isDirectory(
                        repository.resolve("interop/node/node_modules/@grpc/grpc-js")),
                        "interop/node has no node_modules (run scripts/install-test-clients.sh)");
                case PYTHON -> requireInstalled(pythonHasGrpc(),
                        "/usr/bin/python3 lacks grpcio/grpc_tools (run scripts/install-test-clients.sh)");
            }
            return switch (this) {
                case NODE -> List.of("node", repository.resolve("interop/node/stream-client.js").toString());
                case PYTHON -> List.of("/usr/bin/python3", repository.resolve("interop/python/stream_client.py").toString());
            };
        }

        private static boolean pythonHasGrpc() {
            try {
                Process check = new ProcessBuilder("/usr/bin/python3", "-c", "import grpc, grpc_tools.protoc")
                        .redirectErrorStream(true).start();
                return check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private final Process process;
    private final IncomingLines lines;

    private ExternalClient(List<String> command) throws IOException {
        this.process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        this.lines = new IncomingLines(process.getInputStream());
    }

    /** A gRPC client streaming from {@code grpcPort}, resuming from {@code token} unless it is empty. */
    static ExternalClient start(Kind kind, int grpcPort, byte[] token) throws IOException {
        return start(kind, grpcPort, token, List.of());
    }

    /** A client with further {@code options}, such as {@code --ca-file <pem>} for TLS. */
    static ExternalClient start(Kind kind, int grpcPort, byte[] token, List<String> options) throws IOException {
        List<String> command = new ArrayList<>(kind.command(REPOSITORY));
        command.addAll(List.of("--target", "127.0.0.1:" + grpcPort, "--max-seconds", "120"));
        if (token.length > 0) {
            command.addAll(List.of("--token", TokenCodec.toBase64Url(token)));
        }
        command.addAll(options);
        return new ExternalClient(command);
    }

    /** The SSE client ({@code interop/node/sse-client.js}) with {@code arguments}, as its usage says. */
    static ExternalClient startSse(List<String> arguments) throws IOException {
        requireInstalled(Files.isDirectory(REPOSITORY.resolve("interop/node/node_modules/eventsource")),
                "interop/node has no node_modules/eventsource (run scripts/install-test-clients.sh)");
        List<String> command = new ArrayList<>(List.of("node",
                REPOSITORY.resolve("interop/node/sse-client.js").toString()));
        command.addAll(arguments);
        return new ExternalClient(command);
    }

    /** Nothing when {@code installed}; otherwise a skipped test, or a failed one under CI. */
    static void requireInstalled(boolean installed, String missing) {
        if (installed) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + missing);
        }
        Assumptions.abort(missing);
    }

    /**
     * The next line as a JSON object, or {@code null} on timeout.
     *
     * @throws AssertionError when the client's output has ended
     */
    Map<String, Object> nextLine(Duration timeout) throws InterruptedException {
        String line = lines.next(timeout);
        @SuppressWarnings("unchecked")
        Map<String, Object> object = line == null ? null : (Map<String, Object>) JsonLine.parse(line);
        return object;
    }

    /** The next message as a frame, or {@code null} on timeout; an error line fails the test. */
    Frame next(Duration timeout) throws InterruptedException {
        Map<String, Object> message = nextLine(timeout);
        if (message == null) {
            return null;
        }
        if (message.containsKey("error")) {
            throw new AssertionError("client reported " + message.get("error"));
        }
        List<AccountChange> records = new ArrayList<>();
        for (Object item : (List<?>) message.get("records")) {
            records.add(change((Map<?, ?>) item));
        }
        return new Frame((Boolean) message.get("clear_all"), records,
                TokenCodec.fromBase64Url((String) message.get("token")), (Boolean) message.get("dataset_current"));
    }

    /** Closes stdin, which the client takes as "stop", and waits for it to exit. */
    @Override
    public void close() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("client did not exit after stdin closed");
        }
    }

    private static AccountChange change(Map<?, ?> record) {
        long e164 = ((Number) record.get("e164")).longValue();
        String aci = (String) record.get("aci");
        if (aci.isEmpty()) {
            return new AccountChange.Removal(e164, uuid((String) record.get("removed_aci")));
        }
        return new AccountChange.Upsert(new Account(uuid(aci), e164, true, uuid((String) record.get("pni")),
                HexFormat.of().parseHex((String) record.get("uak"))));
    }

    private static UUID uuid(String hex) {
        return hex.isEmpty() ? null : AciRange.uuidFromBytes(HexFormat.of().parseHex(hex));
    }
}
