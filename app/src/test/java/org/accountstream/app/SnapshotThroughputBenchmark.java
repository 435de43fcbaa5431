package org.accountstream.app;

import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.accountstream.adapters.grpc.proto.AccountDataRequest;
import org.accountstream.adapters.grpc.proto.AccountDataStream;
import org.accountstream.adapters.grpc.proto.AccountStreamServiceGrpc;

/**
 * Benchmark, not a test: how fast a whole snapshot travels from the in-memory store to one
 * grpc-java client over loopback. Run with {@code scripts/benchmark-snapshot.sh [accounts] [runs]}.
 * Each run opens a fresh stream and times the first message to dataset_current.
 */
public final class SnapshotThroughputBenchmark {

    private SnapshotThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf("seeding %,d accounts...%n", accounts);
        try (RunningApp running = RunningApp.start(Map.of(
                "accountstream.demo.accounts", String.valueOf(accounts),
                "accountstream.demo.updates-per-second", "1"))) {
            running.memory().writer().stop();
            ManagedChannel channel = running.channel();
            long served = TableView.expected(running.memory().table(), org.accountstream.domain.AciRange.ALL).size();
            List<Double> rates = new ArrayList<>();
            System.out.printf("%n| run | records | seconds | records/s |%n|---|---|---|---|%n");
            for (int run = 0; run <= runs; run++) {
                long start = System.nanoTime();
                long records = streamSnapshot(channel);
                double seconds = (System.nanoTime() - start) / 1e9;
                if (records != served) {
                    throw new IllegalStateException("received " + records + " records, table serves " + served);
                }
                if (run == 0) {
                    continue; // warm-up: JIT and connection
                }
                rates.add(records / seconds);
                System.out.printf("| %d | %,d | %.2f | %,.0f |%n", run, records, seconds, records / seconds);
            }
            rates.sort(Double::compare);
            System.out.printf("%nrecords/s over %d runs: min %,.0f, median %,.0f, max %,.0f%n",
                    runs, rates.getFirst(), rates.get(rates.size() / 2), rates.getLast());
            RunningApp.closeChannel(channel);
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
