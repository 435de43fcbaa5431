package org.accountstream.app;

import io.grpc.ManagedChannel;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.accountstream.demo.EmbeddedDemo;
import org.accountstream.domain.Account;

/**
 * Benchmark, not a test: the embedded mode (DynamoDB Local over HTTP) with a seeded table. For
 * each run it reports the time from connect to dataset_current, and how many records arrive
 * after the snapshot when 5,000 changes were made before the client connected (the start
 * horizon should skip them: ~0) and while its snapshot was running: from its first snapshot
 * frame (the start horizon is captured before the scan begins) to its last, up to 5,000 inserts
 * of fresh accounts begun by 8 writers, one record each. Each of those is after the start horizon, so
 * the tail delivers it after the snapshot (whether or not the scan saw it too): records after
 * the snapshot should be about the inserts during it.
 * Run with {@code scripts/benchmark-embedded.sh [accounts] [runs]}.
 */
public final class EmbeddedCatchUpBenchmark {

    private static final int CHANGES = 5_000;

    private EmbeddedCatchUpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<double[]> results = new ArrayList<>();
        System.out.printf("| run | seconds to dataset_current | records after snapshot (5,000 changes before) "
                + "| inserts during snapshot | records after snapshot (inserts during) |%n|---|---|---|---|---|%n");
        for (int run = 1; run <= runs; run++) {
            double[] result = oneRun(accounts);
            results.add(result);
            System.out.printf("| %d | %.2f | %.0f | %.0f | %.0f |%n", run, result[0], result[1], result[2], result[3]);
        }
        for (int column = 0; column < 4; column++) {
            int c = column;
            List<Double> values = new ArrayList<>(results.stream().map(r -> r[c]).toList());
            values.sort(Double::compare);
            System.out.printf("column %d: min %.2f, median %.2f, max %.2f%n",
                    column + 2, values.getFirst(), values.get(values.size() / 2), values.getLast());
        }
    }

    private static double[] oneRun(int accounts) throws Exception {
        AccountStreamApp app = AccountStreamApp.start(Config.just(ConfigSources.create(RunningApp.loopback(Map.of(
                "accountstream.token.keys", RunningApp.TOKEN_KEY,
                "accountstream.embedded.dynamodb-port", "0",
                "accountstream.demo.accounts", String.valueOf(accounts),
                "accountstream.demo.updates-per-second", "0.001")))));
        EmbeddedDemo embedded = app.embeddedDemo();
        ManagedChannel channel = RunningApp.channel(app);
        try {
            embedded.writer().stop();
            for (int i = 0; i < CHANGES; i++) {
                embedded.writer().writeOnce();
            }
            double seconds;
            int afterBefore;
            try (StreamClient client = StreamClient.open(channel, new byte[0])) {
                long start = System.nanoTime();
                client.awaitDatasetCurrent(Duration.ofMinutes(5));
                seconds = (System.nanoTime() - start) / 1e9;
                client.awaitView(() -> TableView.expected(app.sources().snapshots()), Duration.ofMinutes(1));
                afterBefore = client.recordsAfterSnapshot;
            }
            AtomicInteger insertsDuringSnapshot = new AtomicInteger();
            int afterDuring;
            try (StreamClient client = StreamClient.open(channel, new byte[0])) {
                while (client.recordsReceived == 0) {
                    client.next(Duration.ofSeconds(30)); // until the scan has begun
                }
                // Fresh discoverable accounts with numbers of their own: one record each.
                AtomicBoolean snapshotOver = new AtomicBoolean(client.snapshotEnded);
                AtomicInteger next = new AtomicInteger();
                List<Thread> inserters = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    inserters.add(Thread.ofVirtual().start(() -> {
                        for (int i = next.getAndIncrement(); i < CHANGES && !snapshotOver.get();
                                i = next.getAndIncrement()) {
                            insertsDuringSnapshot.incrementAndGet(); // begun during it; it may land just after
                            embedded.table().put(new Account(UUID.randomUUID(), 19_000_000_000L + i, true, null, null));
                        }
                    }));
                }
                while (!client.snapshotEnded) {
                    client.next(Duration.ofSeconds(30));
                }
                snapshotOver.set(true);
                for (Thread inserter : inserters) {
                    inserter.join();
                }
                client.awaitDatasetCurrent(Duration.ofMinutes(5));
                client.awaitView(() -> TableView.expected(app.sources().snapshots()), Duration.ofMinutes(1));
                afterDuring = client.recordsAfterSnapshot;
            }
            return new double[] {seconds, afterBefore, insertsDuringSnapshot.get(), afterDuring};
        } finally {
            RunningApp.closeChannel(channel);
            app.close();
        }
    }
}
