package org.accountstream.app;

import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.accountstream.domain.Account;

/**
 * Signal's chain on this machine ({@link LocalChain}: DynamoDB Local → the filter Lambda's local
 * runner → kinesis-mock with 4 shards → the service), measured from a gRPC client:
 * <ol>
 *   <li>update latency, write to the table → the client holds it, over {@code writes} inserts
 *       made one after the other (after 20 not counted), reading the Kinesis stream by polling,
 *       by enhanced fan-out and, for comparison, the table's DynamoDB stream directly;</li>
 *   <li>the time to dataset_current for a table of {@code accounts} with an empty Kinesis stream,
 *       a fresh service each run.</li>
 * </ol>
 * {@code scripts/benchmark-kinesis-chain.sh [writes=200] [accounts=100000] [runs=3]}
 */
public final class KinesisChainBenchmark {

    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final int WARM_UP_WRITES = 20;

    private KinesisChainBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int writes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int accounts = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;

        System.out.printf("%nupdate latency, table write → gRPC client, %d writes one after the other (ms)%n", writes);
        System.out.printf("%-32s %8s %8s %8s %8s%n", "feed", "p50", "p90", "p99", "max");
        try (LocalChain chain = new LocalChain(1_000, 4)) {
            long number = 17_770_000_000L;
            for (LocalChain.Reading feed : LocalChain.Reading.values()) {
                double[] millis = latencies(chain, feed, writes, number);
                number += WARM_UP_WRITES + writes;
                System.out.printf("%-32s %8.0f %8.0f %8.0f %8.0f%n", describe(feed), Measures.percentile(millis, 50),
                        Measures.percentile(millis, 90), Measures.percentile(millis, 99), millis[millis.length - 1]);
            }
        }

        System.out.printf("%ntime to dataset_current, %,d accounts, empty Kinesis stream, a fresh service per run (s)%n",
                accounts);
        try (LocalChain chain = new LocalChain(accounts, 4)) {
            double[] seconds = new double[runs];
            for (int run = 0; run < runs; run++) {
                seconds[run] = secondsToDatasetCurrent(chain);
                System.out.printf("run %d: %.2f%n", run + 1, seconds[run]);
            }
            Arrays.sort(seconds);
            System.out.printf("min %.2f   median %.2f   max %.2f%n", seconds[0], seconds[runs / 2], seconds[runs - 1]);
        }
    }

    private static double[] latencies(LocalChain chain, LocalChain.Reading feed, int writes, long firstNumber)
            throws Exception {
        AccountStreamApp app = chain.start(feed, Map.of());
        ManagedChannel channel = RunningApp.channel(app);
        List<Double> millis = new ArrayList<>();
        try (StreamClient client = StreamClient.open(channel, new byte[0])) {
            client.awaitDatasetCurrent(WAIT);
            for (int i = 0; i < WARM_UP_WRITES + writes; i++) {
                Account account = new Account(UUID.randomUUID(), firstNumber + i, true, null, new byte[0]);
                long start = System.nanoTime();
                chain.table.table().put(account);
                client.awaitAccount(account.e164(), WAIT);
                if (i >= WARM_UP_WRITES) {
                    millis.add((System.nanoTime() - start) / 1e6);
                }
            }
        } finally {
            RunningApp.closeChannel(channel);
            app.close();
        }
        return millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private static double secondsToDatasetCurrent(LocalChain chain) throws Exception {
        AccountStreamApp app = chain.start(LocalChain.Reading.KINESIS_POLLING, Map.of());
        ManagedChannel channel = RunningApp.channel(app);
        try {
            long start = System.nanoTime();
            try (StreamClient client = StreamClient.open(channel, new byte[0])) {
                client.awaitDatasetCurrent(WAIT);
                return (System.nanoTime() - start) / 1e9;
            }
        } finally {
            RunningApp.closeChannel(channel);
            app.close();
        }
    }

    private static String describe(LocalChain.Reading feed) {
        return switch (feed) {
            case KINESIS_POLLING -> "Kinesis, GetRecords polling";
            case KINESIS_FAN_OUT -> "Kinesis, enhanced fan-out";
            case DYNAMODB_STREAMS -> "DynamoDB Streams, direct";
        };
    }
}
