package org.accountstream.adapters.dynamodb;

import static org.accountstream.adapters.dynamodb.FeedAssertions.batch;
import static org.accountstream.adapters.dynamodb.FeedAssertions.onlyOpenShard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.accountstream.aws.Backoff;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.FeedRecord;
import org.accountstream.domain.Horizon;
import org.accountstream.domain.Position;
import org.accountstream.domain.Shard;
import org.accountstream.domain.ShardLineage;
import org.accountstream.ports.contract.Eventually;
import org.accountstream.ports.contract.HorizonReader;
import org.accountstream.ports.contract.TestAccounts;
import org.accountstream.ports.out.ShardReadResult;
import org.accountstream.ports.out.SourceUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;

@Timeout(60)
class DynamoDbStreamsChangeFeedTest {

    private static final Backoff QUICK = new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), 5);

    private final TestAccounts accounts = new TestAccounts(7);
    private final AccountAttributes attributes = AccountAttributes.defaults();
    private final LocalDynamoDb table = LocalDynamoDb.withStream();
    private final ScriptedStreamsClient streams = new ScriptedStreamsClient(table.streams());
    private final DynamoDbStreamsChangeFeed feed = feed(DynamoDbStreamsChangeFeed.Settings.defaults().withBackoff(QUICK));

    @AfterEach
    void shutDown() {
        table.close();
    }

    @Test
    void insertNumberChangeUnservedWriteAndDeleteArriveAsDerivedChangesInOrder() throws Exception {
        HorizonReader reader = new HorizonReader(feed, feed.captureHead());
        Account account = accounts.next();
        Account moved = TestAccounts.withNumber(account, accounts.freshNumber());
        Map<String, AttributeValue> touched = new HashMap<>(attributes.encode(moved));
        touched.put("lastSeen", AttributeValue.fromN("1700000000"));

        table.put(account);
        table.put(moved);
        table.putItem(touched); // a write consumers never see
        table.delete(account.aci());

        reader.readUntil(r -> r.delivered().size() >= 4, Eventually.PATIENCE);
        assertThat(reader.delivered()).extracting(d -> d.record().changes()).containsExactly(
                List.of(new AccountChange.Upsert(account)),
                List.of(new AccountChange.Removal(account.e164(), account.aci()), new AccountChange.Upsert(moved)),
                List.of(),
                List.of(new AccountChange.Removal(moved.e164(), account.aci())));
        assertThat(reader.delivered()).extracting(d -> d.record().sequence()).isSorted();
    }

    @Test
    void closedParentEndsAndItsChildContinuesTheAccountsChanges() throws Exception {
        Horizon start = feed.captureHead();
        String parent = onlyOpenShard(feed).id();
        HorizonReader reader = new HorizonReader(feed, start);
        Account account = accounts.next();
        Account moved = TestAccounts.withNumber(account, accounts.freshNumber());
        table.put(account);
        FeedRecord written = readAll(parent, Position.notStarted()).getLast();

        table.rollOverShards();
        table.put(moved);

        assertThat(feed.read(parent, Position.after(written.sequence()), 100))
                .isInstanceOfSatisfying(ShardReadResult.Batch.class, batch -> {
                    assertThat(batch.records()).isEmpty();
                    assertThat(batch.shardEnded()).isTrue();
                });
        // Having seen the end, the feed lists anew although its last listing is younger than the TTL.
        Shard closed = new ShardLineage(feed.listShards()).shard(parent).orElseThrow();
        assertThat(closed.isClosed()).isTrue();
        assertThat(closed.endingSequence()).isEqualTo(written.sequence());
        Shard child = onlyOpenShard(feed);
        assertThat(child.parentId()).isEqualTo(parent);
        reader.readUntil(r -> r.changesOf(account.aci()).size() >= 3, Eventually.PATIENCE);
        assertThat(reader.changesOf(account.aci())).containsExactly(
                new AccountChange.Upsert(account),
                new AccountChange.Removal(account.e164(), account.aci()),
                new AccountChange.Upsert(moved));
        assertThat(reader.delivered()).extracting(HorizonReader.Delivery::shardId).containsExactly(parent, child.id());
        assertThat(reader.horizon().shardIds()).containsExactly(child.id());
    }

    @Test
    void listShardsFollowsDescribeStreamPages() {
        DynamoDbStreamsChangeFeed paged = feed(DynamoDbStreamsChangeFeed.Settings.defaults().withDescribePageSize(1));
        for (int i = 0; i < 3; i++) {
            table.put(accounts.next());
            table.rollOverShards();
        }
        streams.resetCounts();

        List<Shard> shards = paged.listShards();

        assertThat(shards).hasSize(4);
        assertThat(shards.stream().filter(s -> !s.isClosed())).hasSize(1);
        assertThat(shards.stream().filter(s -> s.parentId() != null)).hasSize(3);
        assertThat(streams.describeCalls.get()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void listShardsRetriesThrottledDescribeStream() {
        streams.failNextDescribeStream(LimitExceededException.builder().message("slow down").build(),
                LimitExceededException.builder().message("slow down").build());

        assertThat(feed.listShards()).hasSize(1);
        assertThat(streams.describeCalls.get()).isEqualTo(3);
    }

    @Test
    void consecutiveReadsReuseTheNextIteratorInsteadOfAskingForANewOne() {
        IntStream.range(0, 10).forEach(i -> table.put(accounts.next()));
        String shard = onlyOpenShard(feed).id();
        streams.resetCounts();

        List<FeedRecord> first = batch(feed.read(shard, Position.notStarted(), 4)).records();
        List<FeedRecord> second = batch(feed.read(shard, Position.after(first.getLast().sequence()), 4)).records();
        List<FeedRecord> third = batch(feed.read(shard, Position.after(second.getLast().sequence()), 4)).records();

        assertThat(first).hasSize(4);
        assertThat(second).hasSize(4);
        assertThat(third).hasSize(2);
        assertThat(streams.iteratorCalls()).isEqualTo(1);
        assertThat(streams.recordCalls()).isEqualTo(3);
        assertThat(streams.iteratorRequests.peek().shardIteratorType()).isEqualTo(ShardIteratorType.AT_SEQUENCE_NUMBER);
    }

    @Test
    void readFromAnUncachedPositionAsksForAnIteratorAfterItsSequenceNumber() {
        IntStream.range(0, 5).forEach(i -> table.put(accounts.next()));
        String shard = onlyOpenShard(feed).id();
        List<FeedRecord> all = readAll(shard, Position.notStarted());
        streams.resetCounts();

        List<FeedRecord> rest = batch(feed.read(shard, Position.after(all.get(1).sequence()), 100)).records();

        assertThat(rest).containsExactlyElementsOf(all.subList(2, 5));
        assertThat(streams.iteratorRequests).singleElement().satisfies(request -> {
            assertThat(request.shardIteratorType()).isEqualTo(ShardIteratorType.AFTER_SEQUENCE_NUMBER);
            assertThat(request.sequenceNumber()).hasSizeGreaterThanOrEqualTo(21);
            assertThat(StreamSequenceNumbers.parse(request.sequenceNumber())).isEqualTo(all.get(1).sequence());
        });
    }

    @Test
    void expiredIteratorIsReplacedFromThePosition() {
        IntStream.range(0, 8).forEach(i -> table.put(accounts.next()));
        String shard = onlyOpenShard(feed).id();
        List<FeedRecord> first = batch(feed.read(shard, Position.notStarted(), 4)).records();
        streams.resetCounts();
        streams.failNextGetRecords(ExpiredIteratorException.builder().message("expired").build());

        List<FeedRecord> second = batch(feed.read(shard, Position.after(first.getLast().sequence()), 4)).records();

        assertThat(second).hasSize(4);
        assertThat(second.getFirst().sequence()).isGreaterThan(first.getLast().sequence());
        assertThat(streams.iteratorCalls()).isEqualTo(1);
        assertThat(streams.recordCalls()).isEqualTo(2);
    }

    @Test
    void trimmedPositionOrVanishedShardAnswersTrimmed() {
        table.put(accounts.next());
        String shard = onlyOpenShard(feed).id();

        streams.failNextGetShardIterator(TrimmedDataAccessException.builder().message("trimmed").build());
        assertThat(feed.read(shard, Position.notStarted(), 10)).isInstanceOf(ShardReadResult.Trimmed.class);

        streams.failNextGetRecords(TrimmedDataAccessException.builder().message("trimmed").build());
        assertThat(feed.read(shard, Position.notStarted(), 10)).isInstanceOf(ShardReadResult.Trimmed.class);

        // DynamoDB Local answers ResourceNotFoundException, as AWS does for a shard that is gone.
        assertThat(feed.read("shardId-00000000000000000000-00000000", Position.notStarted(), 10))
                .isInstanceOf(ShardReadResult.Trimmed.class);

        assertThat(batch(feed.read(shard, Position.notStarted(), 10)).records()).hasSize(1);
    }

    @Test
    void throttledReadAnswersThrottledWithAPause() {
        table.put(accounts.next());
        String shard = onlyOpenShard(feed).id();
        streams.failNextGetRecords(LimitExceededException.builder().message("slow down").build());

        assertThat(feed.read(shard, Position.notStarted(), 10))
                .isEqualTo(new ShardReadResult.Throttled(Duration.ofMillis(250)));
        assertThat(batch(feed.read(shard, Position.notStarted(), 10)).records()).hasSize(1);
    }

    /** An outage is the driven side's SourceUnavailableException (the service ends streams as unavailable), not a raw SDK error. */
    @Test
    void anUnreachableOrFailingServiceIsSourceUnavailable() {
        table.put(accounts.next());
        String shard = onlyOpenShard(feed).id();
        streams.failNextGetRecords(SdkClientException.create("connection refused"),
                DynamoDbException.builder().message("internal failure").statusCode(500).build());

        assertThatThrownBy(() -> feed.read(shard, Position.notStarted(), 10))
                .isInstanceOf(SourceUnavailableException.class).hasCauseInstanceOf(SdkClientException.class);
        assertThatThrownBy(() -> feed.read(shard, Position.notStarted(), 10))
                .isInstanceOf(SourceUnavailableException.class).hasCauseInstanceOf(DynamoDbException.class);
        assertThat(batch(feed.read(shard, Position.notStarted(), 10)).records()).hasSize(1);
    }

    @Test
    void readsAtMostAThousandRecordsPerCall() {
        table.putAll(IntStream.range(0, 1100).mapToObj(i -> accounts.next()).toList());
        String shard = onlyOpenShard(feed).id();
        streams.resetCounts();

        assertThat(batch(feed.read(shard, Position.notStarted(), 5000)).records()).hasSize(1000);
        assertThat(streams.recordRequests.peek().limit()).isEqualTo(1000);
        assertThatThrownBy(() -> feed.read(shard, Position.notStarted(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timestampPositionsAreRefused() {
        String shard = onlyOpenShard(feed).id();

        assertThatThrownBy(() -> feed.read(shard, Position.atTimestamp(Instant.now()), 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void batchWithRecordsIsBehindTheHeadAndAnEmptyOneIsAtIt() {
        table.put(accounts.next());
        String shard = onlyOpenShard(feed).id();

        ShardReadResult.Batch withRecords = batch(feed.read(shard, Position.notStarted(), 10));
        ShardReadResult.Batch empty = batch(feed.read(shard, Position.after(withRecords.records().getLast().sequence()), 10));

        assertThat(withRecords.millisBehindLatest()).isEqualTo(1);
        assertThat(withRecords.shardEnded()).isFalse();
        assertThat(empty.records()).isEmpty();
        assertThat(empty.atHead()).isTrue();
        assertThat(empty.shardEnded()).isFalse();
    }

    @Test
    void unreadableImagesAreTreatedAsAbsentAndCounted() {
        Account account = accounts.next();
        Map<String, AttributeValue> numberless = new HashMap<>(attributes.encode(account));
        numberless.remove("P");
        Account other = accounts.next();
        Map<String, AttributeValue> broken = new HashMap<>(attributes.encode(other));
        broken.put("PNI", AttributeValue.fromS("not bytes"));

        table.putItem(numberless);   // insert of an unreadable item: nothing to serve
        table.put(account);          // repaired: served from now on
        table.put(other);
        table.putItem(broken);       // broken: no longer served

        List<FeedRecord> records = readAll(onlyOpenShard(feed).id(), Position.notStarted());
        assertThat(records).extracting(FeedRecord::changes).containsExactly(
                List.of(),
                List.of(new AccountChange.Upsert(account)),
                List.of(new AccountChange.Upsert(other)),
                List.of(new AccountChange.Removal(other.e164(), other.aci())));
        assertThat(feed.imagesSkipped()).isEqualTo(3); // numberless twice (new, then old), broken once
    }

    @Test
    void forTableFindsTheCurrentStreamAndInsistsOnBothImages() {
        DynamoDbStreamsChangeFeed found = DynamoDbStreamsChangeFeed.forTable(table.client(), table.streams(),
                LocalDynamoDb.TABLE, attributes, DynamoDbStreamsChangeFeed.Settings.defaults());
        assertThat(found.feedId()).isEqualTo(table.streamArn());

        new DynamoDbAccountTable(table.client(), "nostream", attributes).createWithoutStream();
        // The accounts table's layout with a stream that carries keys only.
        new DynamoDbAccountTable(table.client(), "keysonly", attributes).createWithoutStream();
        table.client().updateTable(b -> b.tableName("keysonly")
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)));
        assertThatThrownBy(() -> DynamoDbStreamsChangeFeed.forTable(table.client(), table.streams(), "keysonly",
                attributes, DynamoDbStreamsChangeFeed.Settings.defaults()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("NEW_AND_OLD_IMAGES");
        assertThatThrownBy(() -> DynamoDbStreamsChangeFeed.forTable(table.client(), table.streams(), "nostream",
                attributes, DynamoDbStreamsChangeFeed.Settings.defaults()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no stream");
    }

    private DynamoDbStreamsChangeFeed feed(DynamoDbStreamsChangeFeed.Settings settings) {
        return new DynamoDbStreamsChangeFeed(streams, table.streamArn(), attributes, settings);
    }

    /** Every record of the shard after {@code from}, up to its tip. */
    private List<FeedRecord> readAll(String shard, Position from) {
        List<FeedRecord> records = new java.util.ArrayList<>();
        while (true) {
            ShardReadResult.Batch batch = batch(feed.read(shard, from, 1000));
            records.addAll(batch.records());
            if (batch.records().isEmpty() || batch.shardEnded()) {
                return records;
            }
            from = Position.after(batch.records().getLast().sequence());
        }
    }
}
