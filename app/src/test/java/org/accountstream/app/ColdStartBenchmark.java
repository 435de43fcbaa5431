package org.accountstream.app;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark, not a test: cold starts of the built jar in the default (embedded) mode, each in a
 * fresh process as {@code scripts/run.sh} starts it. A grpc-java client (in this, already warm,
 * JVM) connects as soon as the gRPC port accepts and times, from the moment the process was
 * spawned: the port opening, the first frame, dataset_current (with the accounts held then) and
 * the first live change after it. The server's log lines are printed with the same clock, so
 * the phases of the start show. Run with {@code scripts/benchmark-cold-start.sh [runs] [-Dkey=value ...]}.
 */
public final class ColdStartBenchmark {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final String[] COLUMNS = {"port open", "first frame", "dataset_current", "first live change"};

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<String> properties = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
        Path jar = Path.of("app/target/accountstream.jar").toAbsolutePath();
        List<double[]> results = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            System.out.printf("%n--- run %d ---%n", run);
            results.add(oneRun(jar, properties));
        }
        System.out.printf("%n| run | port open s | first frame s | dataset_current s | first live change s "
                + "| accounts at dataset_current |%n|---|---|---|---|---|---|%n");
        for (int run = 0; run < runs; run++) {
            double[] r = results.get(run);
            System.out.printf("| %d | %.2f | %.2f | %.2f | %.2f | %.0f |%n", run + 1, r[0], r[1], r[2], r[3], r[4]);
        }
        for (int column = 0; column < COLUMNS.length; column++) {
            int c = column;
            List<Double> values = new ArrayList<>(results.stream().map(r -> r[c]).sorted().toList());
            System.out.printf("%s: min %.2f, median %.2f, max %.2f s%n", COLUMNS[column],
                    values.getFirst(), values.get(values.size() / 2), values.getLast());
        }
    }

    /** port open, first frame, dataset_current, first live change (seconds), accounts held at dataset_current. */
    private static double[] oneRun(Path jar, List<String> properties) throws Exception {
        int grpcPort = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dgrpc.port=" + grpcPort, "-Dgrpc.host=127.0.0.1",
                "-Dserver.port=" + freePort(), "-Dserver.host=127.0.0.1",
                "-Daccountstream.embedded.dynamodb-port=" + freePort()));
        command.addAll(properties);
        command.addAll(List.of("-jar", jar.toString()));
        long spawned = System.nanoTime();
        Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread.ofVirtual().start(() -> echoWithTimes(server, spawned));
        try {
            double portOpen = awaitPort(grpcPort, spawned, server);
            ManagedChannel channel = NettyChannelBuilder
                    .forAddress("127.0.0.1", grpcPort).usePlaintext().build();
            try (StreamClient client = StreamClient.open(channel, new byte[0])) {
                nextOrFail(client);
                double firstFrame = secondsSince(spawned);
                client.awaitDatasetCurrent(LIMIT);
                double current = secondsSince(spawned);
                int held = client.replica.byE164().size();
                int atCurrent = client.recordsReceived;
                while (client.recordsReceived == atCurrent) {
                    nextOrFail(client);
                }
                double live = secondsSince(spawned);
                System.out.printf("client: port open %.2f s, first frame %.2f s, dataset_current %.2f s "
                        + "(%,d accounts), first live change %.2f s%n", portOpen, firstFrame, current, held, live);
                return new double[] {portOpen, firstFrame, current, live, held};
            } finally {
                RunningApp.closeChannel(channel);
            }
        } finally {
            server.destroy();
            if (!server.waitFor(15, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
    }

    private static void nextOrFail(StreamClient client) throws InterruptedException {
        if (client.next(LIMIT) == null) {
            throw new IllegalStateException("no message for " + LIMIT);
        }
    }

    private static double secondsSince(long spawned) {
        return (System.nanoTime() - spawned) / 1e9;
    }

    private static double awaitPort(int port, long spawned, Process server) throws InterruptedException {
        long deadline = spawned + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited with " + server.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 100);
                return secondsSince(spawned);
            } catch (IOException closed) {
                Thread.sleep(5);
            }
        }
        throw new IllegalStateException("port " + port + " closed after " + LIMIT);
    }

    private static void echoWithTimes(Process server, long spawned) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                System.out.printf("%7.3f | %s%n", secondsSince(spawned), line);
            }
        } catch (IOException e) {
            System.out.println("server output ended: " + e.getMessage());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
