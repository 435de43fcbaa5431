package org.accountstream.app;

import io.grpc.ManagedChannel;
import com.sun.management.OperatingSystemMXBean;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.accountstream.demo.EmbeddedDemo;
import org.accountstream.domain.Account;

/**
 * The SSE transport in the embedded mode (DynamoDB Local in process, its table's DynamoDB stream
 * as the feed; 1,000 accounts, the demo writer stopped), measured from clients in this JVM:
 * <ol>
 *   <li>update latency, a put into the table → a client has the record, over {@code writes}
 *       inserts of fresh numbers (after 20 not counted), each made as soon as the previous one
 *       reached every client: with 1 SSE client, then with {@code clients} (default 1,000), for
 *       the first, the median and the last of them to receive each write; and, in both rounds,
 *       one gRPC client alongside;</li>
 *   <li>heap per idle SSE client at the head: the heap after a GC with {@code clients} streams
 *       that received {@code current}, less the heap before they connected, divided by their
 *       number; server and clients together, and the clients' own share, measured first against
 *       a stub server that answers each with {@code current} and holds the connection;</li>
 *   <li>the process's CPU while nothing is written, with 1 SSE client and with {@code clients}:
 *       what streams idle at the head cost (the shared tail reads the feed 4 times a second).</li>
 * </ol>
 * The SSE clients are an {@link SseCrowd}: raw connections read by one platform thread, so
 * that the clients' side adds little to what is measured.
 * {@code scripts/benchmark-sse.sh [clients=1000] [writes=200]}
 */
public final class SseBenchmark {

    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final Duration IDLE_MEASURED = Duration.ofSeconds(10);
    private static final int WARM_UP_WRITES = 20;
    private static final String ROW = "%-24s %-20s %7.0f %7.0f %7.0f %7.0f%n";

    private long nextNumber = 17_780_000_000L;

    private SseBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int writes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        System.out.printf("load average at start: %.2f on %d cores%n", loadAverage(),
                Runtime.getRuntime().availableProcessors());
        double clientKb = clientOnlyKb(clients);
        new SseBenchmark().run(clients, writes, clientKb);
        System.out.printf("%nload average at end: %.2f%n", loadAverage());
    }

    private void run(int clients, int writes, double clientKb) throws Exception {
        AccountStreamApp app = AccountStreamApp.start(Config.just(ConfigSources.create(RunningApp.loopback(Map.of(
                "accountstream.token.keys", RunningApp.TOKEN_KEY,
                "accountstream.embedded.dynamodb-port", "0",
                "accountstream.demo.accounts", "1000",
                "accountstream.demo.updates-per-second", "0.001")))));
        EmbeddedDemo embedded = app.embeddedDemo();
        embedded.writer().stop();
        InetSocketAddress sse = new InetSocketAddress(InetAddress.getLoopbackAddress(), app.httpPort());
        ManagedChannel channel = RunningApp.channel(app);
        try (StreamClient grpc = StreamClient.open(channel, new byte[0])) {
            grpc.awaitDatasetCurrent(WAIT);
            System.out.printf("%nupdate latency, table put → client has it, %d writes one after the other,"
                    + " each once every client had the previous one (ms)%n", writes);
            System.out.printf("%-24s %-20s %7s %7s %7s %7s%n", "clients", "receiver", "p50", "p90", "p99", "max");
            double oneIdleCpu;
            double oneCpuPerWrite;
            try (SseCrowd one = SseCrowd.open(sse, 1)) {
                one.awaitCurrent(WAIT);
                Latencies latencies = latencies(embedded, one, grpc, writes);
                print("1 SSE + 1 gRPC", "SSE", latencies.last);
                print("", "gRPC", latencies.grpc);
                oneIdleCpu = idleCpuShare();
                oneCpuPerWrite = latencies.cpuPerWrite;
            }
            long heapBefore = Measures.usedHeapAfterGc();
            long start = System.nanoTime();
            try (SseCrowd crowd = SseCrowd.open(sse, clients)) {
                crowd.awaitCurrent(WAIT);
                double secondsToCurrent = (System.nanoTime() - start) / 1e9;
                double kbPerClient = (Measures.usedHeapAfterGc() - heapBefore) / 1024.0 / clients;
                double crowdIdleCpu = idleCpuShare();
                Latencies latencies = latencies(embedded, crowd, grpc, writes);
                String label = String.format("%,d SSE + 1 gRPC", clients);
                print(label, "first SSE client", latencies.first);
                print("", "median SSE client", latencies.median);
                print("", "last SSE client", latencies.last);
                print("", "gRPC", latencies.grpc);

                System.out.printf("%n%,d SSE clients connecting at once: all had current after %.1f s%n",
                        clients, secondsToCurrent);
                System.out.printf("heap per idle SSE client at the head (KB): server and client %.1f,"
                        + " client alone %.1f, server %.1f%n", kbPerClient, clientKb, kbPerClient - clientKb);
                System.out.printf("CPU of this process over %d s with nothing written (share of one core):"
                        + " 1 SSE client %.2f, %,d SSE clients %.2f%n", IDLE_MEASURED.toSeconds(), oneIdleCpu, clients,
                        crowdIdleCpu);
                System.out.printf("CPU of this process per write (ms): 1 SSE client %.1f, %,d SSE clients %.1f:"
                        + " %.0f µs per further client%n", oneCpuPerWrite, clients, latencies.cpuPerWrite,
                        (latencies.cpuPerWrite - oneCpuPerWrite) * 1000 / Math.max(1, clients - 1));
            }
        } finally {
            RunningApp.closeChannel(channel);
            app.close();
        }
    }

    /**
     * Latencies in ms, sorted, of the first, median and last SSE client and of the gRPC client;
     * and the process's CPU time per measured write (ms), the wait for the next feed read included.
     */
    private record Latencies(double[] first, double[] median, double[] last, double[] grpc, double cpuPerWrite) {
    }

    private Latencies latencies(EmbeddedDemo embedded, SseCrowd crowd, StreamClient grpc, int writes)
            throws Exception {
        double[][] millis = new double[4][writes];
        long cpuStart = 0;
        for (int i = 0; i < WARM_UP_WRITES + writes; i++) {
            if (i == WARM_UP_WRITES) {
                cpuStart = processCpuNanos();
            }
            Account account = new Account(UUID.randomUUID(), nextNumber++, true, null, new byte[0]);
            SseCrowd.Watch watch = crowd.watch(account.e164());
            CompletableFuture<Long> grpcArrival = arrival(grpc, account.e164());
            long start = System.nanoTime();
            embedded.table().put(account);
            long[] arrivals = watch.await(WAIT);
            long grpcAt = grpcArrival.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (i >= WARM_UP_WRITES) {
                int w = i - WARM_UP_WRITES;
                millis[0][w] = (arrivals[0] - start) / 1e6;
                millis[1][w] = (arrivals[arrivals.length / 2] - start) / 1e6;
                millis[2][w] = (arrivals[arrivals.length - 1] - start) / 1e6;
                millis[3][w] = (grpcAt - start) / 1e6;
            }
        }
        double cpuPerWrite = (processCpuNanos() - cpuStart) / 1e6 / writes;
        for (double[] column : millis) {
            Arrays.sort(column);
        }
        return new Latencies(millis[0], millis[1], millis[2], millis[3], cpuPerWrite);
    }

    /** When the gRPC client will have a record of {@code e164} ({@link System#nanoTime()}). */
    private static CompletableFuture<Long> arrival(StreamClient grpc, long e164) {
        CompletableFuture<Long> arrival = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                grpc.awaitAccount(e164, WAIT);
                arrival.complete(System.nanoTime());
            } catch (InterruptedException | RuntimeException | AssertionError e) {
                arrival.completeExceptionally(e);
            }
        });
        return arrival;
    }

    private static void print(String clients, String receiver, double[] millis) {
        System.out.printf(ROW, clients, receiver, Measures.percentile(millis, 50), Measures.percentile(millis, 90),
                Measures.percentile(millis, 99), millis[millis.length - 1]);
    }

    /** The heap per {@link SseCrowd} client, measured against a {@link CurrentOnlyServer} (KB). */
    private static double clientOnlyKb(int clients) throws Exception {
        try (CurrentOnlyServer stub = new CurrentOnlyServer(clients)) {
            long before = Measures.usedHeapAfterGc();
            try (SseCrowd crowd = SseCrowd.open(stub.address(), clients)) {
                crowd.awaitCurrent(WAIT);
                return (Measures.usedHeapAfterGc() - before) / 1024.0 / clients;
            }
        }
    }

    /** This process's CPU time over {@link #IDLE_MEASURED}, as a share of one core. */
    private static double idleCpuShare() throws InterruptedException {
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        Thread.sleep(IDLE_MEASURED); // a benchmark measures a rate over time; tests never do
        return (processCpuNanos() - cpuBefore) / (double) (System.nanoTime() - start);
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /**
     * A stub SSE server: answers every connection at once with {@code current} and holds it open,
     * reading nothing; what it keeps per connection (the accepted channel) is counted with the client.
     */
    private static final class CurrentOnlyServer implements AutoCloseable {
        private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n19\r\nevent: current\ndata: {}\n\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        private final ServerSocketChannel server;
        private final List<SocketChannel> accepted = new ArrayList<>();
        private final Thread acceptor;

        CurrentOnlyServer(int backlog) throws IOException {
            server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    backlog);
            acceptor = Thread.ofPlatform().name("stub-sse-server").daemon().start(this::acceptAll);
        }

        InetSocketAddress address() throws IOException {
            return (InetSocketAddress) server.getLocalAddress();
        }

        private void acceptAll() {
            try {
                while (true) {
                    SocketChannel channel = server.accept();
                    accepted.add(channel);
                    ByteBuffer out = ByteBuffer.wrap(RESPONSE);
                    while (out.hasRemaining()) {
                        channel.write(out);
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }

        @Override
        public void close() throws IOException, InterruptedException {
            server.close();
            acceptor.join();
            for (SocketChannel channel : accepted) {
                channel.close();
            }
        }
    }
}
