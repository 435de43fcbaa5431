package org.accountstream.app;

import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Replica;

/**
 * Benchmark, not a test: what resuming a snapshot saves. Run with
 * {@code scripts/benchmark-resume.sh [accounts] [runs]}. For the memory mode and for DynamoDB
 * Local (aws mode), each run times a fresh snapshot of the whole table (first message to
 * dataset_current), then cuts a second client off once it holds half of the table and times its
 * resume with the last token: the records it received and how long it took, against the fresh
 * one's. Each time is given twice: until every record of the snapshot arrived, and until
 * dataset_current (the tail from the start horizon to the head, a cost that does not grow with
 * the table). Both clients ask for tokens during the snapshot ({@code resumable_snapshot}) and read
 * over loopback one message at a time ({@link StreamClient}); the tables do not change.
 */
public final class ResumeBenchmark {

    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final byte[] WHOLE_TABLE = new byte[0];

    private ResumeBenchmark() {
    }

    /** Records received and seconds taken: until the last of the snapshot's records, and until dataset_current. */
    private record Snapshot(int records, double recordsSeconds, double currentSeconds) {

        /** Streams with {@code client} until {@code records} arrived, then until dataset_current. */
        static Snapshot take(StreamClient client, int records) throws InterruptedException {
            long start = System.nanoTime();
            client.awaitRecords(records, WAIT);
            double recordsSeconds = (System.nanoTime() - start) / 1e9;
            client.awaitDatasetCurrent(WAIT);
            return new Snapshot(client.recordsReceived, recordsSeconds, (System.nanoTime() - start) / 1e9);
        }
    }

    public static void main(String[] args) throws Exception {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> rows = new ArrayList<>();
        System.out.printf("seeding %,d accounts in memory...%n", accounts);
        try (RunningApp running = RunningApp.start(Map.of("accountstream.demo.accounts", String.valueOf(accounts)))) {
            running.memory().writer().stop();
            RunningApp.awaitReady(running.app);
            int served = TableView.expected(running.memory().table(), AciRange.ALL).size();
            rows.addAll(measure("memory", running.app, served, runs));
        }
        System.out.printf("seeding %,d accounts into DynamoDB Local...%n", accounts);
        try (LocalDynamoDbApp local = new LocalDynamoDbApp(accounts)) {
            AccountStreamApp app = local.start(Map.of());
            try {
                RunningApp.awaitReady(app);
                rows.addAll(measure("DynamoDB Local", app, local.expected().size(), runs));
            } finally {
                app.close();
            }
        }
        System.out.printf("%n| store | run | fresh: records | fresh: s to last record / to current | cut at"
                + " | resumed: records | resumed: s to last record / to current | resumed / fresh: records"
                + " | resumed / fresh: s to last record | token at the cut: bytes |%n"
                + "|---|---|---|---|---|---|---|---|---|---|%n");
        rows.forEach(System.out::println);
    }

    /** {@code runs} timed runs after a warm-up one, as table rows. */
    private static List<String> measure(String store, AccountStreamApp app, int served, int runs) throws Exception {
        ManagedChannel channel = RunningApp.channel(app);
        List<String> rows = new ArrayList<>();
        try {
            for (int run = 0; run <= runs; run++) {
                Snapshot fresh;
                try (StreamClient client = StreamClient.resumable(channel, WHOLE_TABLE, WHOLE_TABLE, new Replica())) {
                    fresh = Snapshot.take(client, served);
                }
                Replica replica = new Replica();
                int cutAt = cutOffHalfWay(channel, replica, served);
                int tokenAtTheCut = replica.lastToken().length;
                Snapshot resumed;
                try (StreamClient client = StreamClient.resumable(channel, WHOLE_TABLE, WHOLE_TABLE, replica)) {
                    resumed = Snapshot.take(client, served - cutAt);
                    if (client.clearAlls != 0 || replica.size() != served) {
                        throw new IllegalStateException("the resumed client started over or holds " + replica.size()
                                + " of " + served + " accounts");
                    }
                }
                if (run == 0) {
                    continue; // warm-up: JIT and connection
                }
                rows.add(String.format("| %s | %d | %,d | %.2f / %.2f | %,d | %,d | %.2f / %.2f | %.2f | %.2f | %,d |",
                        store, run, fresh.records(), fresh.recordsSeconds(), fresh.currentSeconds(), cutAt,
                        resumed.records(), resumed.recordsSeconds(), resumed.currentSeconds(),
                        (double) resumed.records() / fresh.records(), resumed.recordsSeconds() / fresh.recordsSeconds(),
                        tokenAtTheCut));
                System.out.println(rows.getLast());
            }
        } finally {
            RunningApp.closeChannel(channel);
        }
        return rows;
    }

    /** Streams the whole table into {@code replica} until it holds half of it; answers the records received. */
    private static int cutOffHalfWay(ManagedChannel channel, Replica replica, int served) throws InterruptedException {
        try (StreamClient first = StreamClient.resumable(channel, WHOLE_TABLE, WHOLE_TABLE, replica)) {
            first.awaitRecords(served / 2, WAIT);
            return first.recordsReceived;
        }
    }
}
