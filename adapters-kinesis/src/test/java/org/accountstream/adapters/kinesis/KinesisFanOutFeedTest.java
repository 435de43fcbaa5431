package org.accountstream.adapters.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.FeedRecord;
import org.accountstream.domain.Position;
import org.accountstream.ports.contract.Eventually;
import org.accountstream.ports.contract.HorizonReader;
import org.accountstream.ports.contract.KinesisMockExtension;
import org.accountstream.ports.contract.TestAccounts;
import org.accountstream.ports.out.ShardReadResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Consumer;

/**
 * Enhanced fan-out on kinesis-mock, one shard per test: who serves which reads (push at the head,
 * GetRecords behind it), renewal, registration, idle subscriptions and interrupts. Tests wait for
 * what they expect, never for time.
 */
@Timeout(60)
class KinesisFanOutFeedTest {

    @RegisterExtension
    static final KinesisMockExtension KINESIS = new KinesisMockExtension();

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /**
     * kinesis-mock pushes once a second, a new subscription's first event after a second or two:
     * reads wait long enough for pushes, so that GetRecords stands in only where a test expects it.
     */
    /**
     * Reads at the head wait long enough for kinesis-mock's pushes (about 2 s after subscribing, one a
     * second after that; over 5 s on a machine at load 20), so that GetRecords stands in for none.
     */
    private static final KinesisFanOutFeed.Settings PATIENT = KinesisFanOutFeed.Settings.defaults()
            .withHeadWait(Duration.ofSeconds(20));

    private static KinesisClient kinesis;
    private static KinesisAsyncClient asyncKinesis;

    private final TestAccounts accounts = new TestAccounts(20_240_602L);
    private final List<Account> written = new ArrayList<>();
    private KinesisTestStream stream;
    private KinesisChangeFeed polling;
    private final List<KinesisFanOutFeed> feeds = new ArrayList<>();
    private String shard;

    @BeforeAll
    static void clients() {
        kinesis = KINESIS.closesAfterAll(KinesisTestStream.client(KINESIS.endpoint()));
        asyncKinesis = KINESIS.closesAfterAll(KinesisTestStream.asyncClient(KINESIS.endpoint()));
    }

    @BeforeEach
    void createStream() {
        stream = KinesisTestStream.create(kinesis, 1);
        polling = KinesisChangeFeed.forStream(kinesis, stream.name(),
                KinesisChangeFeed.Settings.defaults().withClockSkew(Duration.ZERO));
        shard = polling.listShards().getFirst().id();
    }

    @AfterEach
    void deleteStream() {
        feeds.forEach(KinesisFanOutFeed::close);
        if (stream != null) {
            stream.close();
        }
    }

    @Test
    void readsAtTheHeadAreServedByPushWithoutGetRecords() throws InterruptedException {
        KinesisFanOutFeed feed = fanOut(PATIENT);
        Reader tail = new Reader(feed, feed.captureHead().positionOf(shard));

        for (int round = 0; round < 2; round++) { // the first round starts the subscription
            write(3);
            tail.awaitUpserts(written.size());
        }

        assertThat(polling.getRecordsCalls(shard)).as("GetRecords calls").isZero();
        assertThat(feed.pushedRecords(shard)).isEqualTo(written.size());
        assertThat(tail.upserted()).containsExactlyElementsOf(written);
    }

    @Test
    void renewalContinuesWithoutLosingOrRepeatingRecords() throws InterruptedException {
        KinesisFanOutFeed feed = fanOut(PATIENT.withRenewAfter(Duration.ofMillis(300))); // renews after every event
        Reader tail = new Reader(feed, feed.captureHead().positionOf(shard));

        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (feed.renewals(shard) < 2) {
            assertThat(System.nanoTime() - deadline).as("two renewals within %s", PATIENCE).isNegative();
            write(2);
            tail.awaitUpserts(written.size());
        }

        assertThat(polling.getRecordsCalls(shard)).as("GetRecords calls: renewed subscriptions pushed on").isZero();
        assertThat(tail.upserted()).containsExactlyElementsOf(written);
        assertThat(tail.sequencesIncrease()).isTrue();
    }

    @Test
    void aReaderBehindTheSubscriptionReadsWithGetRecords() throws InterruptedException {
        KinesisFanOutFeed feed = fanOut(PATIENT);
        Reader tail = new Reader(feed, feed.captureHead().positionOf(shard));
        write(3);
        tail.awaitUpserts(written.size());
        assertThat(polling.getRecordsCalls(shard)).as("GetRecords calls at the head").isZero();

        Reader behind = new Reader(feed, tail.after(0)); // a stream catching up on its own, from a token
        behind.awaitUpserts(written.size() - 1);

        assertThat(behind.upserted()).containsExactlyElementsOf(written.subList(1, written.size()));
        assertThat(polling.getRecordsCalls(shard)).as("GetRecords calls of the reader behind").isPositive();
        long pushedBefore = feed.pushedRecords(shard);
        write(1);
        tail.awaitUpserts(written.size());
        assertThat(feed.pushedRecords(shard)).as("the head is still pushed").isGreaterThan(pushedBefore);
    }

    @Test
    void aShardSplitWhileReadByPushEndsAndItsChildrenArePushed() throws InterruptedException {
        KinesisFanOutFeed feed = fanOut(PATIENT.withListingMaxAge(Duration.ofMillis(100)));
        HorizonReader reader = new HorizonReader(feed, feed.captureHead());
        Account account = accounts.next();
        stream.put(List.of(new AccountChange.Upsert(account)));
        List<AccountChange> expected = new ArrayList<>(List.of(new AccountChange.Upsert(account)));
        Eventually.await("the first record was pushed", PATIENCE, () -> {
            reader.readOnce();
            return feed.pushedRecords(shard) > 0;
        });

        stream.reshard(); // the mock's subscription never says the parent ended: the listing does
        for (int i = 0; i < 3; i++) {
            account = TestAccounts.withUak(account, new byte[] {(byte) i});
            stream.put(List.of(new AccountChange.Upsert(account)));
            expected.add(new AccountChange.Upsert(account));
        }

        assertThat(reader.readUntil(r -> r.changes().size() >= expected.size(), PATIENCE)).isTrue();
        assertThat(reader.changes()).containsExactlyElementsOf(expected);
        String child = reader.delivered().getLast().shardId();
        assertThat(child).isNotEqualTo(shard);
        assertThat(feed.pushedRecords(child)).as("records pushed from the child").isPositive();
    }

    @Test
    void registeringAgainReusesTheConsumer() throws InterruptedException {
        KinesisFanOutFeed first = fanOut(KinesisFanOutFeed.Settings.defaults());
        KinesisFanOutFeed second = fanOut(KinesisFanOutFeed.Settings.defaults());

        assertThat(second.consumerArn()).isEqualTo(first.consumerArn());
        assertThat(asyncKinesis.listStreamConsumers(request -> request.streamARN(polling.feedId())).join().consumers())
                .extracting(Consumer::consumerName).containsExactly("replica-1");
    }

    @Test
    void subscriptionsNobodyReadsAreCancelled() throws InterruptedException {
        KinesisFanOutFeed feed = fanOut(KinesisFanOutFeed.Settings.defaults()
                .withHeadWait(Duration.ZERO).withIdleTimeout(Duration.ofSeconds(1)));

        feed.read(shard, feed.captureHead().positionOf(shard), 10);
        // Counted, not looked at: on a busy machine the second may have passed already.
        assertThat(feed.subscriptionsStarted()).isOne();

        Eventually.await("the unread subscription was cancelled", PATIENCE, () -> feed.subscriptions() == 0);
    }

    @Test
    void anInterruptedReadAtTheHeadAnswersAnEmptyBatchAndKeepsTheInterrupt() throws InterruptedException {
        KinesisFanOutFeed feed = fanOut(KinesisFanOutFeed.Settings.defaults().withHeadWait(Duration.ofMinutes(1)));
        Position head = feed.captureHead().positionOf(shard);
        AtomicReference<ShardReadResult> result = new AtomicReference<>();
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread reader = Thread.ofPlatform().start(() -> {
            result.set(feed.read(shard, head, 10));
            interrupted.set(Thread.currentThread().isInterrupted());
        });
        Eventually.await("the read waits at the head", PATIENCE,
                () -> feed.subscriptions() == 1 && reader.getState() == Thread.State.TIMED_WAITING);

        reader.interrupt();
        reader.join(PATIENCE);

        assertThat(result.get()).isEqualTo(new ShardReadResult.Batch(List.of(), false, 0));
        assertThat(interrupted).isTrue();
    }

    private KinesisFanOutFeed fanOut(KinesisFanOutFeed.Settings settings) throws InterruptedException {
        KinesisFanOutFeed feed = KinesisFanOutFeed.register(asyncKinesis, polling, "replica-1", settings);
        feeds.add(feed);
        return feed;
    }

    private void write(int count) {
        for (int i = 0; i < count; i++) {
            Account account = accounts.next();
            stream.put(List.of(new AccountChange.Upsert(account)));
            written.add(account);
        }
    }

    /** Reads a shard as the engine's shared tail does: each read from the end of the last. */
    private final class Reader {

        private final KinesisFanOutFeed feed;
        private final List<FeedRecord> records = new ArrayList<>();
        private Position from;

        Reader(KinesisFanOutFeed feed, Position from) {
            this.feed = feed;
            this.from = from;
        }

        void awaitUpserts(int count) throws InterruptedException {
            Eventually.await(count + " records read", PATIENCE, () -> {
                if (feed.read(shard, from, 100) instanceof ShardReadResult.Batch batch && !batch.records().isEmpty()) {
                    records.addAll(batch.records());
                    from = Position.after(batch.records().getLast().sequence());
                }
                return records.size() >= count;
            });
        }

        /** After the {@code index}th record read. */
        Position after(int index) {
            return Position.after(records.get(index).sequence());
        }

        List<Account> upserted() {
            return records.stream().flatMap(record -> record.changes().stream())
                    .map(change -> ((AccountChange.Upsert) change).account()).toList();
        }

        boolean sequencesIncrease() {
            for (int i = 1; i < records.size(); i++) {
                if (records.get(i).sequence().compareTo(records.get(i - 1).sequence()) <= 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
