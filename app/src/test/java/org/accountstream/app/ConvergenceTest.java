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
import java.util.concurrent.atomic.AtomicBoolean;
import org.accountstream.adapters.memory.InMemoryChangeFeed;
import org.accountstream.demo.DemoWriter;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Replica;
import org.accountstream.ports.contract.Eventually;
import org.junit.jupiter.api.Test;

/**
 * The whole system under churn: the demo writer changes the table (e164 moves included) while
 * the feed reshards, and several consumers disconnect and resume after a random number of
 * messages. A reconnect with a token never starts over, and once the writer stops, every
 * consumer's copy equals the table.
 */
class ConvergenceTest {

    private static final int CONSUMERS = 4;
    private static final int RESHARDS = 10;
    private static final int WRITES_PER_RESHARD = 150;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void consumersThatDisconnectAndResumeAtRandomConvergeToTheTable() throws Exception {
        try (RunningApp running = RunningApp.start(Map.of(
                "accountstream.demo.accounts", "3000",
                "accountstream.demo.updates-per-second", "300",
                "accountstream.memory.reads-per-second", "5"))) {
            ManagedChannel channel = running.channel();
            AtomicBoolean churning = new AtomicBoolean(true);
            try (ExecutorService consumers = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Consumer>> copies = new ArrayList<>();
                for (int i = 0; i < CONSUMERS; i++) {
                    long seed = i;
                    copies.add(consumers.submit(() -> churningConsumer(channel, new Random(seed), churning)));
                }
                reshardWhileWriting(running.memory().feed(), running.memory().writer(), new Random(42));
                churning.set(false);
                List<Consumer> churned = new ArrayList<>();
                for (Future<Consumer> copy : copies) {
                    churned.add(copy.get()); // the writer still writes, so no consumer waits long for a message
                }
                running.memory().writer().stop();
                for (Consumer consumer : churned) {
                    assertThat(consumer.clearAlls()).as("clear_all only for connections that had no token yet")
                            .isEqualTo(consumer.connectionsWithoutToken());
                    assertThat(consumer.connections()).isGreaterThan(consumer.connectionsWithoutToken());
                    try (StreamClient last = StreamClient.resume(channel, consumer.replica())) {
                        last.awaitView(() -> TableView.expected(running.memory().table(), AciRange.ALL), WAIT);
                    }
                }
            } finally {
                RunningApp.closeChannel(channel);
            }
        }
    }

    private record Consumer(Replica replica, int connections, int connectionsWithoutToken, int clearAlls) {
    }

    /**
     * Connects, reads a random number of messages (1 to 40), drops the connection and resumes
     * with its token; repeats while {@code churning}. With no retention here, a token is always
     * honoured: only a connection without one (cut off in its first snapshot) starts over.
     */
    private static Consumer churningConsumer(ManagedChannel channel, Random random, AtomicBoolean churning)
            throws InterruptedException {
        Replica replica = new Replica();
        int connections = 0;
        int withoutToken = 0;
        int clearAlls = 0;
        while (churning.get()) {
            withoutToken += replica.lastToken().length == 0 ? 1 : 0;
            try (StreamClient client = StreamClient.resume(channel, replica)) {
                connections++;
                int messages = 1 + random.nextInt(40);
                for (int i = 0; i < messages && churning.get(); i++) {
                    client.next(WAIT);
                }
                clearAlls += client.clearAlls;
            }
        }
        return new Consumer(replica, connections, withoutToken, clearAlls);
    }

    /** Splits or merges a random pair of shards each time the writer has made another batch of writes. */
    private static void reshardWhileWriting(InMemoryChangeFeed feed, DemoWriter writer, Random random)
            throws InterruptedException {
        for (int reshard = 0; reshard < RESHARDS; reshard++) {
            long writes = writer.writes() + WRITES_PER_RESHARD;
            Eventually.await("the writer made " + WRITES_PER_RESHARD + " more writes", WAIT,
                    () -> writer.writes() >= writes);
            List<String> open = feed.openShardIds();
            int pick = random.nextInt(open.size() - 1);
            if (random.nextBoolean() && feed.adjacent(open.get(pick), open.get(pick + 1))) {
                feed.merge(open.get(pick), open.get(pick + 1));
            } else {
                feed.split(open.get(pick));
            }
        }
    }
}
