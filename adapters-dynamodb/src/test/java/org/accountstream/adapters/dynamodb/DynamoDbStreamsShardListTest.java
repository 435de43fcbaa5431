package org.accountstream.adapters.dynamodb;

import static org.accountstream.adapters.dynamodb.FeedAssertions.onlyOpenShard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.IntStream;
import org.accountstream.domain.Position;
import org.accountstream.domain.Shard;
import org.accountstream.domain.ShardLineage;
import org.accountstream.ports.contract.TestAccounts;
import org.accountstream.ports.out.ShardReadResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** {@link DynamoDbStreamsChangeFeed#listShards()}: listings shared for a while, one refresh at a time. */
@Timeout(60)
class DynamoDbStreamsShardListTest {

    private static final Duration LONG_TTL = Duration.ofMinutes(1);

    private final TestAccounts accounts = new TestAccounts(13);
    private final LocalDynamoDb table = LocalDynamoDb.withStream();
    private final ScriptedStreamsClient streams = new ScriptedStreamsClient(table.streams());
    private final DynamoDbStreamsChangeFeed feed = feed(streams,
            DynamoDbStreamsChangeFeed.Settings.defaults().withDescribePageSize(1).withShardListTtl(LONG_TTL));

    @AfterEach
    void shutDown() {
        table.close();
    }

    @Test
    void concurrentCallersWithinTheTtlShareOneDescribeStreamChain() throws Exception {
        IntStream.range(0, 3).forEach(i -> {
            table.put(accounts.next());
            table.rollOverShards();
        });
        CountDownLatch held = new CountDownLatch(1);
        streams.holdDescribeStream(held);

        List<Lister> listers = IntStream.range(0, 8).mapToObj(i -> new Lister()).toList();
        listers.forEach(Lister::awaitParked); // one caller holds the refresh, seven wait for it
        held.countDown();

        for (Lister lister : listers) {
            assertThat(lister.result.get()).hasSize(4);
        }
        assertThat(feed.listShards()).hasSize(4);
        int shared = streams.describeCalls.get();
        assertThat(shared).as("one chain of one-shard pages for all nine calls").isEqualTo(describeCallsOfOneListing());
    }

    @Test
    void withAZeroTtlEveryCallLists() {
        DynamoDbStreamsChangeFeed unshared = feed(streams,
                DynamoDbStreamsChangeFeed.Settings.defaults().withShardListTtl(Duration.ZERO));

        unshared.listShards();
        unshared.listShards();

        assertThat(streams.describeCalls.get()).isEqualTo(2);
    }

    @Test
    void aReaderThatSawAShardEndGetsAListingWithItsChildren() {
        table.put(accounts.next());
        String parent = onlyOpenShard(feed).id();
        table.rollOverShards(); // the shared listing still shows the parent open and childless
        streams.resetCounts();

        assertThat(feed.read(parent, Position.notStarted(), 100)).isInstanceOfSatisfying(ShardReadResult.Batch.class,
                batch -> assertThat(batch.shardEnded()).isTrue());
        ShardLineage lineage = new ShardLineage(feed.listShards());

        assertThat(lineage.shard(parent).orElseThrow().isClosed()).isTrue();
        assertThat(lineage.childrenOf(parent)).hasSize(1);
        int listed = streams.describeCalls.get();
        assertThat(listed).as("the end called for a new listing").isPositive();

        feed.read(parent, Position.notStarted(), 100); // another reader reaches the same end
        feed.listShards();
        assertThat(streams.describeCalls.get()).as("an end the listing accounts for costs nothing").isEqualTo(listed);
    }

    @Test
    void aShardThatEndsWithoutChildrenCostsOneMoreListingNotOnePerReader() {
        table.put(accounts.next());
        String shard = onlyOpenShard(feed).id();
        table.rollOverShards();
        // DynamoDB Local makes the child at once; hiding it plays a disabled stream's last shard.
        DynamoDbStreamsChangeFeed childless = feed(new WithoutChildrenOf(shard, streams),
                DynamoDbStreamsChangeFeed.Settings.defaults().withShardListTtl(LONG_TTL));
        childless.listShards();
        streams.resetCounts();

        for (int reader = 0; reader < 3; reader++) {
            childless.read(shard, Position.notStarted(), 100);
            assertThat(new ShardLineage(childless.listShards()).childrenOf(shard)).isEmpty();
        }

        assertThat(streams.describeCalls.get()).isEqualTo(1);
    }

    @Test
    void aFailedListingFailsItsCallerAndTheNextCallListsAgain() {
        streams.failNextDescribeStream(InternalServerErrorException.builder().message("boom").build());

        assertThatThrownBy(feed::listShards).isInstanceOf(InternalServerErrorException.class);
        assertThat(feed.listShards()).hasSize(1);
    }

    @Test
    void callersWaitingForAnInterruptedRefreshListThemselves() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        streams.holdDescribeStream(held);
        Lister owner = new Lister();
        owner.awaitParked();
        List<Lister> waiting = IntStream.range(0, 3).mapToObj(i -> new Lister()).toList();
        waiting.forEach(Lister::awaitParked);

        owner.thread.interrupt();
        assertThatThrownBy(owner.result::get).isInstanceOf(ExecutionException.class);
        held.countDown();

        for (Lister lister : waiting) {
            assertThat(lister.result.get()).hasSize(1);
        }
    }

    @Test
    void aCallerInterruptedWhileWaitingStopsAndKeepsItsInterrupt() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        streams.holdDescribeStream(held);
        Lister owner = new Lister();
        owner.awaitParked();
        Lister waiter = new Lister();
        waiter.awaitParked();

        waiter.thread.interrupt();

        assertThatThrownBy(waiter.result::get).hasCauseInstanceOf(CancellationException.class);
        assertThat(waiter.interruptedWhenDone).isTrue();
        held.countDown();
        assertThat(owner.result.get()).hasSize(1);
    }

    /** What one listing of the stream costs without sharing: one call per one-shard page. */
    private int describeCallsOfOneListing() {
        int before = streams.describeCalls.get();
        feed(streams, DynamoDbStreamsChangeFeed.Settings.defaults().withDescribePageSize(1)).listShards();
        return streams.describeCalls.get() - before;
    }

    private DynamoDbStreamsChangeFeed feed(DynamoDbStreamsClient client, DynamoDbStreamsChangeFeed.Settings settings) {
        return new DynamoDbStreamsChangeFeed(client, table.streamArn(), AccountAttributes.defaults(), settings);
    }

    /** A platform thread calling {@code feed.listShards()} once. */
    private final class Lister {

        final FutureTask<List<Shard>> result;
        final Thread thread;
        volatile boolean interruptedWhenDone;

        Lister() {
            result = new FutureTask<>(() -> {
                try {
                    return feed.listShards();
                } finally {
                    interruptedWhenDone = Thread.currentThread().isInterrupted();
                }
            });
            thread = Thread.ofPlatform().start(result);
        }

        /** Until it is parked: in the held DescribeStream call, or waiting for another's listing. */
        void awaitParked() {
            while (thread.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
        }
    }

    /** DescribeStream as if {@code parentId} had no children. */
    private record WithoutChildrenOf(String parentId, DynamoDbStreamsClient delegate) implements DynamoDbStreamsClient {

        @Override
        public DescribeStreamResponse describeStream(DescribeStreamRequest request) {
            DescribeStreamResponse response = delegate.describeStream(request);
            return response.toBuilder().streamDescription(response.streamDescription().toBuilder()
                    .shards(response.streamDescription().shards().stream()
                            .filter(shard -> !parentId.equals(shard.parentShardId()))
                            .toList())
                    .build()).build();
        }

        @Override
        public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
            return delegate.getShardIterator(request);
        }

        @Override
        public GetRecordsResponse getRecords(GetRecordsRequest request) {
            return delegate.getRecords(request);
        }

        @Override
        public String serviceName() {
            return delegate.serviceName();
        }

        @Override
        public void close() {
        }
    }
}
