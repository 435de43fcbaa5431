package org.accountstream.adapters.dynamodb;

import static org.accountstream.adapters.dynamodb.FeedAssertions.onlyOpenShard;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.accountstream.aws.Backoff;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.Horizon;
import org.accountstream.domain.Position;
import org.accountstream.ports.contract.Eventually;
import org.accountstream.ports.contract.HorizonReader;
import org.accountstream.ports.contract.TestAccounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;

/**
 * {@link DynamoDbStreamsChangeFeed#captureHead()}: the start horizon of a fresh stream (DESIGN §6)
 * from the shared head readers.
 */
@Timeout(60)
class DynamoDbStreamsHeadTest {

    private final TestAccounts accounts = new TestAccounts(11);
    private final AccountAttributes attributes = AccountAttributes.defaults();
    private final LocalDynamoDb table = LocalDynamoDb.withStream();
    private final ScriptedStreamsClient streams = new ScriptedStreamsClient(table.streams());
    // Unshared listings: these tests roll shards over and capture the head at once.
    private final DynamoDbStreamsChangeFeed feed = new DynamoDbStreamsChangeFeed(streams, table.streamArn(),
            attributes, DynamoDbStreamsChangeFeed.Settings.defaults().withShardListTtl(Duration.ZERO)
                    .withBackoff(new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), 2)));

    @AfterEach
    void shutDown() {
        table.close();
    }

    @Test
    void emptyShardIsNotStarted() {
        Horizon head = feed.captureHead();

        assertThat(head.positions()).hasSize(1).containsValue(Position.notStarted());
    }

    @Test
    void writesAfterCaptureAreReadExactlyAndWritesBeforeAreNot() throws Exception {
        List<Account> before = IntStream.range(0, 30).mapToObj(i -> accounts.next()).toList();
        before.forEach(table::put);

        HorizonReader reader = new HorizonReader(feed, feed.captureHead());
        List<Account> after = IntStream.range(0, 5).mapToObj(i -> accounts.next()).toList();
        after.forEach(table::put);

        reader.readUntil(r -> r.changes().size() >= 5, Eventually.PATIENCE);
        reader.readOnce();
        assertThat(reader.changes()).containsExactlyElementsOf(after.stream()
                .map(a -> (AccountChange) new AccountChange.Upsert(a)).toList());
    }

    @Test
    void firstCaptureReadsFromTheTrimHorizonAndLaterOnesOnlyWhatIsNew() throws Exception {
        table.putAll(IntStream.range(0, 1500).mapToObj(i -> accounts.next()).toList());
        streams.resetCounts();

        Horizon first = feed.captureHead();

        assertThat(streams.iteratorRequests).singleElement()
                .satisfies(r -> assertThat(r.shardIteratorType()).isEqualTo(ShardIteratorType.TRIM_HORIZON));
        assertThat(streams.recordCalls()).as("1500 records: two full pages and the empty tip").isEqualTo(3);

        IntStream.range(0, 3).forEach(i -> table.put(accounts.next()));
        streams.resetCounts();
        Horizon second = feed.captureHead();

        assertThat(streams.iteratorCalls()).as("the tip's iterator is kept").isZero();
        assertThat(streams.recordCalls()).as("three new records, then the tip").isEqualTo(2);
        String shard = first.shardIds().iterator().next();
        assertThat(((Position.After) second.positionOf(shard)).sequence())
                .isGreaterThan(((Position.After) first.positionOf(shard)).sequence());
        assertThat(readable(second, shard)).as("nothing follows the head").isZero();
    }

    /** The service warms the feed up as it starts: the first client's capture then reads only the tip. */
    @Test
    void afterTheWarmUpTheFirstCaptureReadsOnlyTheTip() {
        table.putAll(IntStream.range(0, 1500).mapToObj(i -> accounts.next()).toList());
        feed.warmUp();
        streams.resetCounts();

        feed.captureHead();

        assertThat(streams.iteratorCalls()).as("the head reader's iterator is kept").isZero();
        assertThat(streams.recordCalls()).as("one read of the empty tip, not the 1500 records again").isEqualTo(1);
    }

    @Test
    void concurrentCapturesAgreeAndShareTheReading() throws Exception {
        table.putAll(IntStream.range(0, 500).mapToObj(i -> accounts.next()).toList());
        streams.resetCounts();

        List<Horizon> heads = new ArrayList<>();
        CyclicBarrier start = new CyclicBarrier(8);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Horizon>> captures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                captures.add(threads.submit(() -> {
                    start.await();
                    return feed.captureHead();
                }));
            }
            for (Future<Horizon> capture : captures) {
                heads.add(capture.get());
            }
        }

        assertThat(heads).allSatisfy(head -> assertThat(head).isEqualTo(heads.getFirst()));
        assertThat(streams.iteratorCalls()).as("one reader per shard, not one per caller").isEqualTo(1);
        // Callers that arrive during a round share the next one; one round per caller would make 9 calls.
        assertThat(streams.recordCalls()).as("the catch-up (2 calls) and a few shared rounds")
                .isLessThanOrEqualTo(5);
    }

    @Test
    void closedShardsAreDroppedAndNewOpenShardsTracked() {
        table.put(accounts.next());
        Horizon before = feed.captureHead();
        String parent = before.shardIds().iterator().next();

        table.rollOverShards();
        table.put(accounts.next());
        Horizon after = feed.captureHead();

        String child = onlyOpenShard(feed).id();
        assertThat(after.shardIds()).containsExactly(child);
        assertThat(after.positionOf(child)).isInstanceOf(Position.After.class);
        assertThat(feed.headTrackedShards()).containsExactly(child).doesNotContain(parent);
    }

    @Test
    void throttledCatchUpFallsBackToAnOlderHeadSoNothingIsLost() throws Exception {
        table.put(accounts.next());
        Horizon old = feed.captureHead();
        List<Account> written = IntStream.range(0, 3).mapToObj(i -> accounts.next()).toList();
        written.forEach(table::put);
        for (int i = 0; i < 3; i++) { // the first try and both retries the backoff allows
            streams.failNextGetRecords(LimitExceededException.builder().message("slow down").build());
        }

        Horizon throttled = feed.captureHead();

        assertThat(throttled).as("the head stayed where it was known").isEqualTo(old);
        HorizonReader reader = new HorizonReader(feed, throttled);
        reader.readUntil(r -> r.changes().size() >= 3, Eventually.PATIENCE);
        assertThat(reader.changes()).containsExactlyElementsOf(written.stream()
                .map(a -> (AccountChange) new AccountChange.Upsert(a)).toList());
        assertThat(feed.captureHead()).as("the next capture catches up").isNotEqualTo(old);
    }

    private int readable(Horizon head, String shard) throws InterruptedException {
        HorizonReader reader = new HorizonReader(feed, Horizon.of(Map.of(shard, head.positionOf(shard))));
        reader.readOnce();
        return reader.delivered().size();
    }
}
