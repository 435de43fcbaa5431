package org.accountstream.app;

import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.accountstream.wire.proto.AccountDataRequest;
import org.accountstream.wire.proto.AccountDataStream;
import org.accountstream.wire.proto.AccountStreamServiceGrpc;

/**
 * Benchmark, not a test: how fast a whole snapshot travels from the in-memory store to grpc-java
 * clients over loopback. Run with {@code scripts/benchmark-snapshot.sh [accounts] [runs] [clients]}.
 * Each run opens {@code clients} fresh streams at once and times the first message to the last
 * dataset_current; it also reports how many times over the table was read for them (shared segment
 * reads keep that near 1 for clients starting together).
 */
public final class SnapshotThroughputBenchmark {

    private SnapshotThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        System.out.printf("seeding %,d accounts...%n", accounts);
        try (RunningApp running = RunningApp.start(Map.of(
                "accountstream.demo.accounts", String.valueOf(accounts),
                "accountstream.demo.updates-per-second", "1"))) {
            running.memory().writer().stop();
            ManagedChannel channel = running.channel();
            long served = TableView.expected(running.memory().table(), org.accountstream.domain.AciRange.ALL).size();
            List<Double> rates = new ArrayList<>();
            System.out.printf("%n| run | clients | records | seconds | records/s | table reads |%n"
                    + "|---|---|---|---|---|---|%n");
            for (int run = 0; run <= runs; run++) {
                double scannedBefore = RunningApp.itemsScanned();
                long start = System.nanoTime();
                long records = streamSnapshots(channel, clients, served);
                double seconds = (System.nanoTime() - start) / 1e9;
                double tableReads = (RunningApp.itemsScanned() - scannedBefore) / accounts;
                if (run == 0) {
                    continue; // warm-up: JIT and connection
                }
                rates.add(records / seconds);
                System.out.printf("| %d | %d | %,d | %.2f | %,.0f | %.2f |%n",
                        run, clients, records, seconds, records / seconds, tableReads);
            }
            rates.sort(Double::compare);
            System.out.printf("%nrecords/s over %d runs: min %,.0f, median %,.0f, max %,.0f%n",
                    runs, rates.getFirst(), rates.get(rates.size() / 2), rates.getLast());
            RunningApp.closeChannel(channel);
        }
    }

    /** Opens {@code clients} streams at once; answers the records they received in all. */
    private static long streamSnapshots(ManagedChannel channel, int clients, long served) throws Exception {
        try (ExecutorService streams = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> received = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                received.add(streams.submit(() -> streamSnapshot(channel)));
            }
            long total = 0;
            for (Future<Long> records : received) {
                if (records.get() != served) {
                    throw new IllegalStateException("received " + records.get() + " records, table serves " + served);
                }
                total += records.get();
            }
            return total;
        }
    }

    /** Counts the snapshot's records until dataset_current, then cancels the stream. */
    private static long streamSnapshot(ManagedChannel channel) {
        io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
        try {
            return context.call(() -> {
                Iterator<AccountDataStream> messages = AccountStreamServiceGrpc.newBlockingStub(channel)
                        .streamAccountData(AccountDataRequest.getDefaultInstance());
                long records = 0;
                while (messages.hasNext()) {
                    AccountDataStream message = messages.next();
                    records += message.getRecordsCount();
                    if (message.getDatasetCurrent()) {
                        return records;
                    }
                }
                throw new IllegalStateException("stream ended before dataset_current");
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            context.cancel(null);
        }
    }
}
