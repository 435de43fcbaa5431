package org.accountstream.adapters.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.FeedRecord;
import org.accountstream.domain.Horizon;
import org.accountstream.domain.Position;
import org.accountstream.ports.contract.KinesisMockExtension;
import org.accountstream.ports.contract.TestAccounts;
import org.accountstream.ports.out.ShardReadResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** What the feed does when Kinesis throttles its reads (injected: kinesis-mock never throttles). */
class KinesisThrottlingTest {

    @RegisterExtension
    static final KinesisMockExtension KINESIS = new KinesisMockExtension();

    private static final InjectedThrottling THROTTLING = new InjectedThrottling();
    private static KinesisClient kinesis;

    @BeforeAll
    static void clients() {
        kinesis = KINESIS.closesAfterAll(KinesisTestStream.client(KINESIS.endpoint(), THROTTLING));
    }

    /**
     * Each throttled read answers "throttled" with a pause drawn below a ceiling that doubles with
     * every throttle in a row (200 ms, 400 ms, ...), and reading on from the same position after
     * the throttling ends returns every record written, in order.
     */
    @Test
    void throttledReadsPauseLongerEachTimeAndLoseNothing() {
        try (KinesisTestStream stream = KinesisTestStream.create(kinesis, 1)) {
            KinesisChangeFeed feed = KinesisChangeFeed.forStream(kinesis, stream.name(), KinesisChangeFeed.Settings
                    .defaults().withClockSkew(Duration.ZERO).withReadsPerSecondPerShard(0)); // no budget of our own
            Horizon head = feed.captureHead();
            String shard = head.shardIds().iterator().next();
            List<AccountChange> written = new ArrayList<>();
            for (Account account : new TestAccounts(5).many(30)) {
                written.add(AccountChange.servedStateOf(account));
                stream.put(List.of(written.getLast()));
            }
            int throttles = 6;
            THROTTLING.throttle(call -> call <= throttles);

            List<Duration> pauses = new ArrayList<>();
            Position from = head.positionOf(shard);
            List<AccountChange> read = new ArrayList<>();
            while (read.size() < written.size()) {
                switch (feed.read(shard, from, 1000)) {
                    case ShardReadResult.Throttled throttled -> pauses.add(throttled.retryAfter());
                    case ShardReadResult.Batch batch -> {
                        batch.records().stream().map(FeedRecord::changes).forEach(read::addAll);
                        from = batch.records().isEmpty() ? from : Position.after(batch.records().getLast().sequence());
                    }
                    case ShardReadResult.Trimmed trimmed -> throw new AssertionError("trimmed");
                }
            }

            assertThat(pauses).hasSize(throttles);
            for (int i = 0; i < throttles; i++) {
                Duration ceiling = Duration.ofMillis(Math.min(5000, 200L << i));
                assertThat(pauses.get(i)).as("pause after throttle %s in a row", i + 1).isBetween(Duration.ZERO, ceiling);
            }
            assertThat(pauses.subList(3, throttles)).as("pauses grow: later ones reach past the first ceiling")
                    .anyMatch(pause -> pause.compareTo(Duration.ofMillis(200)) > 0);
            assertThat(read).as("every change, in order, none lost or repeated").isEqualTo(written);
        }
    }
}
