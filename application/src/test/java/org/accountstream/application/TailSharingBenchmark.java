package org.accountstream.application;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.accountstream.adapters.memory.InMemoryAccountTable;
import org.accountstream.adapters.memory.InMemoryChangeFeed;
import org.accountstream.demo.DemoWriter;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Frame;
import org.accountstream.domain.TokenCodec;
import org.accountstream.ports.in.StreamRequest;
import org.accountstream.ports.out.StreamMetrics;

/**
 * How the shared shard tails serve streams, on an in-memory feed that behaves like Kinesis (5
 * reads per second per shard, the service's default timings), with real time. Prints two tables:
 * <ol>
 *   <li>a fresh stream's time to dataset_current, alone and while an old-token stream (the first
 *       reader of the shard after a restart) has a backlog of {@code backlog} records to replay;</li>
 *   <li>feed reads per shard per second while {@code writes/s} changes arrive, with 1 and with 100
 *       fresh streams whose start horizons are timestamps (Kinesis' AT_TIMESTAMP).</li>
 * </ol>
 * {@code scripts/benchmark-tails.sh [backlog=50000] [runs=3]}
 */
public final class TailSharingBenchmark {

    private static final TokenCodec TOKENS = new TokenCodec(List.of(new byte[32]), TokenCodec.DEFAULT_MAX_BYTES);
    private static final Duration MEASURED = Duration.ofSeconds(5);
    private static final int WRITES_PER_SECOND = 100;

    private TailSharingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int backlog = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf("%nfresh stream: seconds to dataset_current (Kinesis-like feed, 1 shard, %,d records of backlog)%n",
                backlog);
        System.out.printf("%-40s %8s %8s %8s%n", "", "min", "median", "max");
        print("alone", timesToCurrent(backlog, runs, false));
        print("beside an old-token stream catching up", timesToCurrent(backlog, runs, true));

        System.out.printf("%nfeed reads per shard per second, %d writes/s over %s, timestamp start horizons, 4 shards%n",
                WRITES_PER_SECOND, MEASURED);
        for (int streams : new int[] {1, 100}) {
            System.out.printf("%-40s %8.2f%n", streams + (streams == 1 ? " stream" : " streams"), readsPerShardPerSecond(streams));
        }
    }

    private static double[] timesToCurrent(int backlog, int runs, boolean oldTokenFirst) throws Exception {
        double[] seconds = new double[runs];
        for (int run = 0; run < runs; run++) {
            Setting setting = new Setting(1, InMemoryChangeFeed.Heads.AFTER_NEWEST_RECORD);
            setting.writer.seed(1_000);
            StreamConsumer first = setting.stream();
            first.awaitDatasetCurrent();
            byte[] oldToken = first.lastToken();
            first.stop();
            for (int i = 0; i < backlog; i++) {
                setting.writer.writeOnce();
            }
            setting.restart();
            StreamConsumer old = oldTokenFirst ? setting.stream(oldToken) : null;
            long start = System.nanoTime();
            StreamConsumer fresh = setting.stream();
            fresh.awaitFrames("dataset_current", frames -> frames.stream().anyMatch(Frame::datasetCurrent));
            seconds[run] = (System.nanoTime() - start) / 1e9;
            if (old != null) {
                old.stop();
            }
            fresh.stop();
            setting.service.close();
        }
        return seconds;
    }

    private static double readsPerShardPerSecond(int streams) throws Exception {
        Setting setting = new Setting(4, InMemoryChangeFeed.Heads.AT_CAPTURE_TIME);
        setting.writer.seed(1_000);
        List<StreamConsumer> consumers = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            consumers.add(setting.stream());
        }
        for (StreamConsumer consumer : consumers) {
            consumer.awaitDatasetCurrent();
        }
        setting.writer.start(WRITES_PER_SECOND, MEASURED.multipliedBy(2));
        long before = setting.reads.reads();
        Thread.sleep(MEASURED); // a benchmark measures a rate over time; tests never do
        long reads = setting.reads.reads() - before;
        setting.writer.stop();
        for (StreamConsumer consumer : consumers) {
            consumer.stop();
        }
        setting.service.close();
        return reads / 4.0 / MEASURED.toSeconds();
    }

    /** An in-memory table and a Kinesis-like feed (5 reads/s per shard) under the default service. */
    private static final class Setting {
        final InMemoryChangeFeed feed;
        final CountingChangeFeed reads;
        final InMemoryAccountTable table;
        final DemoWriter writer;
        AccountStreamService service;

        Setting(int shards, InMemoryChangeFeed.Heads heads) {
            feed = new InMemoryChangeFeed("benchmark", shards, InMemoryChangeFeed.KINESIS_READS_PER_SECOND,
                    Duration.ofHours(24), Clock.systemUTC(), heads);
            reads = new CountingChangeFeed(feed);
            table = new InMemoryAccountTable(16, feed);
            writer = DemoWriter.of(table, 42);
            restart();
        }

        void restart() {
            if (service != null) {
                try {
                    service.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            service = new AccountStreamService(table, reads, TOKENS, ServiceSettings.defaults(), StreamMetrics.NONE);
        }

        StreamConsumer stream() {
            return stream(new byte[0]);
        }

        StreamConsumer stream(byte[] token) {
            return new StreamConsumer(service, new StreamRequest(AciRange.ALL, token), StreamConsumer.Pace.NONE);
        }
    }

    private static void print(String what, double[] seconds) {
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        System.out.printf("%-40s %8.3f %8.3f %8.3f%n", what, sorted[0], sorted[sorted.length / 2],
                sorted[sorted.length - 1]);
    }
}
