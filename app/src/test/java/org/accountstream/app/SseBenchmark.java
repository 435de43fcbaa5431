package org.accountstream.app;

import com.sun.management.OperatingSystemMXBean;
import io.grpc.ManagedChannel;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.accountstream.demo.EmbeddedDemo;
import org.accountstream.domain.Account;

/**
 * The SSE transport in the embedded mode (DynamoDB Local in process, its table's DynamoDB stream
 * as the feed; 1,000 accounts, the demo writer stopped), measured from clients in this JVM, in
 * two rounds: 1 SSE client, then {@code clients} (default 1,000), each with one gRPC client
 * alongside.
 * <ul>
 *   <li>Update latency, a put into the table → a client has the record, over {@code writes}
 *       inserts of fresh numbers (after 20 not counted), each made as soon as the previous one
 *       reached every client: for the first, the median and the last SSE client to receive each
 *       write, and for the gRPC client. Paced so, a write lands just after the shared tail's
 *       last read of the feed, and waits nearly a whole poll interval for the next: the
 *       figures are those of the worst moment to write.</li>
 *   <li>The process's CPU per write (the wait for the next read included), and per further client.</li>
 *   <li>Heap per idle SSE client at the head: the heap after a GC with the clients at
 *       {@code current}, less the heap before they connected, per client; server and clients
 *       together, and the clients' own share, measured first against a {@link CurrentOnlySseServer}.</li>
 *   <li>The process's CPU while nothing is written: what streams idle at the head cost.</li>
 * </ul>
 * The SSE clients are an {@link SseCrowd}: raw connections read by one platform thread, so that
 * the clients' side adds little to what is measured.
 * {@code scripts/benchmark-sse.sh [clients=1000] [writes=200]}
 */
public final class SseBenchmark {

    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final Duration IDLE_MEASURED = Duration.ofSeconds(10);
    private static final int WARM_UP_WRITES = 20;
    private static final String ROW = "%-24s %-20s %7.0f %7.0f %7.0f %7.0f%n";

    private final EmbeddedDemo embedded;
    private final InetSocketAddress sse;
    private final StreamClient grpc;
    private long nextNumber = 17_780_000_000L;

    private SseBenchmark(EmbeddedDemo embedded, InetSocketAddress sse, StreamClient grpc) {
        this.embedded = embedded;
        this.sse = sse;
        this.grpc = grpc;
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int writes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        System.out.printf("load average at start: %.2f on %d cores%n", loadAverage(),
                Runtime.getRuntime().availableProcessors());
        double clientKb = clientOnlyKb(clients);
        AccountStreamApp app = AccountStreamApp.start(Config.just(ConfigSources.create(RunningApp.loopback(Map.of(
                "accountstream.token.keys", RunningApp.TOKEN_KEY,
                "accountstream.embedded.dynamodb-port", "0",
                "accountstream.demo.accounts", "1000",
                "accountstream.demo.updates-per-second", "0.001")))));
        ManagedChannel channel = RunningApp.channel(app);
        try (StreamClient grpc = StreamClient.open(channel, new byte[0])) {
            app.embeddedDemo().writer().stop();
            grpc.awaitDatasetCurrent(WAIT);
            SseBenchmark benchmark = new SseBenchmark(app.embeddedDemo(),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), app.httpPort()), grpc);
            Round one = benchmark.round(1, writes);
            Round many = benchmark.round(clients, writes);
            print(writes, one, many, clientKb);
        } finally {
            RunningApp.closeChannel(channel);
            app.close();
        }
        System.out.printf("%nload average at end: %.2f%n", loadAverage());
    }

    /**
     * What one round measured. Latencies in ms, sorted: of the first, median and last SSE client
     * and of the gRPC client.
     */
    private record Round(int clients, double secondsToCurrent, double kbPerClient, double idleCpu,
                         double[] first, double[] median, double[] last, double[] grpc, double cpuPerWrite) {
    }

    private Round round(int clients, int writes) throws Exception {
        long heapBefore = Measures.usedHeapAfterGc();
        long start = System.nanoTime();
        try (SseCrowd crowd = SseCrowd.open(sse, clients)) {
            crowd.awaitCurrent(WAIT);
            double secondsToCurrent = (System.nanoTime() - start) / 1e9;
            double kbPerClient = (Measures.usedHeapAfterGc() - heapBefore) / 1024.0 / clients;
            double idleCpu = idleCpuShare();
            double[][] millis = new double[4][writes];
            long cpuStart = 0;
            for (int i = 0; i < WARM_UP_WRITES + writes; i++) {
                if (i == WARM_UP_WRITES) {
                    cpuStart = processCpuNanos();
                }
                long[] latencies = write(crowd);
                if (i >= WARM_UP_WRITES) {
                    int w = i - WARM_UP_WRITES;
                    millis[0][w] = latencies[0] / 1e6;
                    millis[1][w] = latencies[clients / 2] / 1e6;
                    millis[2][w] = latencies[clients - 1] / 1e6;
                    millis[3][w] = latencies[clients] / 1e6;
                }
            }
            double cpuPerWrite = (processCpuNanos() - cpuStart) / 1e6 / writes;
            for (double[] column : millis) {
                Arrays.sort(column);
            }
            return new Round(clients, secondsToCurrent, kbPerClient, idleCpu, millis[0], millis[1], millis[2],
                    millis[3], cpuPerWrite);
        }
    }

    /**
     * Puts a fresh account and waits until every client has it; answers the nanoseconds from the
     * put to each SSE client's receipt, earliest first, then to the gRPC client's.
     */
    private long[] write(SseCrowd crowd) throws Exception {
        Account account = new Account(UUID.randomUUID(), nextNumber++, true, null, new byte[0]);
        SseCrowd.Watch watch = crowd.watch(account.e164());
        CompletableFuture<Long> grpcArrival = grpcArrival(account.e164());
        long start = System.nanoTime();
        embedded.table().put(account);
        long[] arrivals = Arrays.copyOf(watch.await(WAIT), crowd.size() + 1);
        arrivals[crowd.size()] = grpcArrival.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        for (int i = 0; i < arrivals.length; i++) {
            arrivals[i] -= start;
        }
        return arrivals;
    }

    /** When the gRPC client will have a record of {@code e164} ({@link System#nanoTime()}). */
    private CompletableFuture<Long> grpcArrival(long e164) {
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

    private static void print(int writes, Round one, Round many, double clientKb) {
        System.out.printf("%nupdate latency, table put → client has it, %d writes one after the other,"
                + " each once every client had the previous one (ms)%n", writes);
        System.out.printf("%-24s %-20s %7s %7s %7s %7s%n", "clients", "receiver", "p50", "p90", "p99", "max");
        row("1 SSE + 1 gRPC", "SSE", one.last);
        row("", "gRPC", one.grpc);
        row(String.format("%,d SSE + 1 gRPC", many.clients), "first SSE client", many.first);
        row("", "median SSE client", many.median);
        row("", "last SSE client", many.last);
        row("", "gRPC", many.grpc);

        System.out.printf("%nCPU of this process per write (ms): 1 SSE client %.1f, %,d SSE clients %.1f:"
                + " %.0f µs per further client%n", one.cpuPerWrite, many.clients, many.cpuPerWrite,
                (many.cpuPerWrite - one.cpuPerWrite) * 1000 / Math.max(1, many.clients - 1));
        System.out.printf("%,d SSE clients connecting at once: all had current after %.1f s%n",
                many.clients, many.secondsToCurrent);
        System.out.printf("heap per idle SSE client at the head (KB): server and client %.1f,"
                + " client alone %.1f, server %.1f%n", many.kbPerClient, clientKb, many.kbPerClient - clientKb);
        System.out.printf("CPU of this process over %d s with nothing written (share of one core):"
                + " 1 SSE client %.2f, %,d SSE clients %.2f%n", IDLE_MEASURED.toSeconds(), one.idleCpu,
                many.clients, many.idleCpu);
    }

    private static void row(String clients, String receiver, double[] millis) {
        System.out.printf(ROW, clients, receiver, Measures.percentile(millis, 50), Measures.percentile(millis, 90),
                Measures.percentile(millis, 99), millis[millis.length - 1]);
    }

    /** The heap per {@link SseCrowd} client, measured against a {@link CurrentOnlySseServer} (KB). */
    private static double clientOnlyKb(int clients) throws Exception {
        try (CurrentOnlySseServer stub = new CurrentOnlySseServer(clients)) {
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
}
