package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.accountstream.adapters.memory.InMemoryChangeFeed;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Replica;
import org.junit.jupiter.api.Test;

/**
 * The whole system under churn: the demo writer changes the table (e164 moves included) while
 * the feed reshards, and several consumers disconnect and resume at random moments. Once the
 * writer stops, every consumer's copy equals the table.
 */
class ConvergenceTest {

    private static final Duration CHURN = Duration.ofSeconds(8);

    @Test
    void consumersThatDisconnectAndResumeAtRandomConvergeToTheTable() throws Exception {
        try (RunningApp running = RunningApp.start(Map.of(
                "accountstream.demo.accounts", "3000",
                "accountstream.demo.updates-per-second", "300",
                "accountstream.memory.reads-per-second", "5"))) {
            ManagedChannel channel = running.channel();
            try (ExecutorService consumers = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Consumer>> copies = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    long seed = i;
                    copies.add(consumers.submit(() -> churningConsumer(channel, new Random(seed))));
                }
                reshardDuring(running.memory().feed(), new Random(42));
                running.memory().writer().stop();
                for (Future<Consumer> copy : copies) {
                    Consumer consumer = copy.get();
                    assertThat(consumer.clearAlls()).as("most reconnects resume without clear_all")
                            .isLessThan(consumer.connections() / 2);
                    Replica replica = consumer.replica();
                    try (StreamClient last = StreamClient.resume(channel, replica)) {
                        last.awaitDatasetCurrent(Duration.ofSeconds(30));
                        last.drain(Duration.ofMillis(500));
                    }
                    assertThat(replica.byE164())
                            .isEqualTo(TableView.expected(running.memory().table(), AciRange.ALL));
                }
            } finally {
                RunningApp.closeChannel(channel);
            }
        }
    }

    private record Consumer(Replica replica, int connections, int clearAlls) {
    }

    /** Connects, reads for a random while, drops the connection, resumes with its token; repeats. */
    private static Consumer churningConsumer(ManagedChannel channel, Random random) throws InterruptedException {
        Replica replica = new Replica();
        int connections = 0;
        int clearAlls = 0;
        long end = System.nanoTime() + CHURN.toNanos();
        while (System.nanoTime() < end) {
            try (StreamClient client = StreamClient.resume(channel, replica)) {
                connections++;
                long readUntil = System.nanoTime() + Duration.ofMillis(100 + random.nextInt(1200)).toNanos();
                while (System.nanoTime() < readUntil) {
                    client.next(Duration.ofMillis(100));
                }
                clearAlls += client.clearAlls;
            }
        }
        return new Consumer(replica, connections, clearAlls);
    }

    /** Splits and merges shards while the consumers churn. */
    private static void reshardDuring(InMemoryChangeFeed feed, Random random) throws InterruptedException {
        long end = System.nanoTime() + CHURN.toNanos();
        int reshards = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(700);
            List<String> open = feed.openShardIds();
            int pick = random.nextInt(open.size() - 1);
            if (random.nextBoolean() && feed.adjacent(open.get(pick), open.get(pick + 1))) {
                feed.merge(open.get(pick), open.get(pick + 1));
            } else {
                feed.split(open.get(pick));
            }
            reshards++;
        }
        assertThat(reshards).isGreaterThan(5);
    }
}
