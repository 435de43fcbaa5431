package org.accountstream.adapters.dynamodb;

import static org.accountstream.adapters.dynamodb.FeedAssertions.batch;
import static org.accountstream.adapters.dynamodb.FeedAssertions.onlyOpenShard;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.FeedRecord;
import org.accountstream.domain.Position;
import org.accountstream.domain.Shard;
import org.accountstream.ports.contract.TestAccounts;
import org.accountstream.ports.out.ShardReadResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;

/**
 * Reading a shard from "not started": from its first record, or Trimmed when retention took it
 * (see {@link DynamoDbStreamsChangeFeed#read}).
 */
@Timeout(60)
class DynamoDbStreamsNeverStartedShardTest {

    private final TestAccounts accounts = new TestAccounts(19);
    private final LocalDynamoDb table = LocalDynamoDb.withStream();
    private final ScriptedStreamsClient streams = new ScriptedStreamsClient(table.streams());
    private final DynamoDbStreamsChangeFeed feed = new DynamoDbStreamsChangeFeed(streams, table.streamArn(),
            AccountAttributes.defaults(), DynamoDbStreamsChangeFeed.Settings.defaults());

    @AfterEach
    void shutDown() {
        table.close();
    }

    @Test
    void aChildIsReadFromItsFirstRecordAtItsStartingSequenceNumber() {
        table.put(accounts.next());
        String parent = onlyOpenShard(feed).id();
        table.rollOverShards();
        assertThat(batch(feed.read(parent, Position.notStarted(), 100)).shardEnded()).isTrue();
        Shard child = onlyOpenShard(feed); // the parent's end made the feed list its child
        streams.resetCounts();

        assertThat(batch(feed.read(child.id(), Position.notStarted(), 100)).records()).as("nothing written yet")
                .isEmpty();
        Account first = accounts.next();
        table.put(first);
        ShardReadResult.Batch read = batch(feed.read(child.id(), Position.notStarted(), 100));

        assertThat(read.records()).singleElement().satisfies(record -> {
            assertThat(record.changes()).containsExactly(new AccountChange.Upsert(first));
            assertThat(record.sequence()).isEqualTo(child.startingSequence());
        });
        assertThat(streams.iteratorRequests).singleElement().satisfies(request -> {
            assertThat(request.shardIteratorType()).isEqualTo(ShardIteratorType.AT_SEQUENCE_NUMBER);
            assertThat(StreamSequenceNumbers.parse(request.sequenceNumber())).isEqualTo(child.startingSequence());
        });
    }

    @Test
    void aNeverStartedShardWhoseFirstRecordWasTrimmedAnswersTrimmed() {
        table.put(accounts.next());
        String shard = onlyOpenShard(feed).id();
        table.age(Duration.ofHours(3));
        table.put(accounts.next());
        table.put(accounts.next());
        List<FeedRecord> written = batch(feed.read(shard, Position.notStarted(), 100)).records();

        table.age(Duration.ofHours(21).plusMinutes(30)); // trims the first record only (DynamoDbLocalTrimmingTest)

        assertThat(feed.read(shard, Position.notStarted(), 100)).isInstanceOf(ShardReadResult.Trimmed.class);
        assertThat(batch(feed.read(shard, Position.after(written.getFirst().sequence()), 100)).records())
                .as("what follows the trimmed record is still there").containsExactlyElementsOf(written.subList(1, 3));
    }

    @Test
    void aStartingSequenceNumberTheServiceCallsTrimmedAnswersTrimmed() {
        table.put(accounts.next());
        Shard shard = onlyOpenShard(feed);
        streams.failNextGetShardIterator(TrimmedDataAccessException.builder().message("trimmed").build());

        assertThat(feed.read(shard.id(), Position.notStarted(), 100)).isInstanceOf(ShardReadResult.Trimmed.class);
        GetShardIteratorRequest asked = streams.iteratorRequests.peek();
        assertThat(asked.shardIteratorType()).isEqualTo(ShardIteratorType.AT_SEQUENCE_NUMBER);
        assertThat(StreamSequenceNumbers.parse(asked.sequenceNumber())).isEqualTo(shard.startingSequence());
    }

    @Test
    void aStartingSequenceNumberTheServiceRefusesAsInvalidFallsBackToTheTrimHorizon() {
        Account first = accounts.next();
        table.put(first);
        Shard shard = onlyOpenShard(feed);
        streams.failNextGetShardIterator(DynamoDbException.builder().message("invalid sequence number")
                .statusCode(400).build());

        assertThat(batch(feed.read(shard.id(), Position.notStarted(), 100)).records())
                .extracting(record -> record.changes().getFirst()).containsExactly(new AccountChange.Upsert(first));
        assertThat(streams.iteratorRequests).extracting(GetShardIteratorRequest::shardIteratorType)
                .containsExactly(ShardIteratorType.AT_SEQUENCE_NUMBER, ShardIteratorType.TRIM_HORIZON);
    }

    @Test
    void aShardYoungerThanTheListingIsReadFromTheTrimHorizon() {
        table.put(accounts.next());
        String parent = onlyOpenShard(feed).id(); // listed: the shared listing now predates the child
        table.rollOverShards();
        Account first = accounts.next();
        table.put(first);
        String child = table.streams().describeStream(b -> b.streamArn(table.streamArn())).streamDescription()
                .shards().getLast().shardId();
        streams.resetCounts();

        assertThat(batch(feed.read(child, Position.notStarted(), 100)).records())
                .extracting(record -> record.changes().getFirst()).containsExactly(new AccountChange.Upsert(first));
        assertThat(streams.iteratorRequests).singleElement()
                .satisfies(request -> assertThat(request.shardIteratorType())
                        .isEqualTo(ShardIteratorType.TRIM_HORIZON));
        assertThat(feed.listShards()).extracting(Shard::id).as("still the listing made before the child")
                .contains(parent).doesNotContain(child);
    }
}
