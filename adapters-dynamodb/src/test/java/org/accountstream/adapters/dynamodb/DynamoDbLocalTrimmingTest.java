package org.accountstream.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.accountstream.ports.contract.TestAccounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What DynamoDB Local 3.3.1 does when retention trims the first records of a shard, measured with
 * its clock dilation: the ground the never-started guard of {@link DynamoDbStreamsChangeFeed#read}
 * stands on, next to AWS's documentation of TrimmedDataAccessException.
 */
class DynamoDbLocalTrimmingTest {

    private final TestAccounts accounts = new TestAccounts(17);
    private final LocalDynamoDb table = LocalDynamoDb.withStream();
    private final DynamoDbStreamsClient streams = table.streams();

    @AfterEach
    void shutDown() {
        table.close();
    }

    @Test
    void trimHorizonQuietlySkipsTrimmedRecordsWhileTheStartingSequenceNumberIsRefused() {
        table.put(accounts.next());
        table.age(Duration.ofHours(3));
        table.put(accounts.next());
        table.put(accounts.next());
        Shard shard = onlyShard();
        List<String> written = sequences(read(shard, ShardIteratorType.TRIM_HORIZON, null));

        table.age(Duration.ofHours(21).plusMinutes(30)); // the first record is 24.5 h old, the others 21.5 h

        assertThat(sequences(read(shard, ShardIteratorType.TRIM_HORIZON, null)))
                .as("TRIM_HORIZON begins after the trimmed record, saying nothing")
                .containsExactlyElementsOf(written.subList(1, 3));
        String start = shard.sequenceNumberRange().startingSequenceNumber();
        assertThatThrownBy(() -> read(shard, ShardIteratorType.AT_SEQUENCE_NUMBER, start))
                .as("AT_SEQUENCE_NUMBER at the shard's start: refused (at GetRecords, not GetShardIterator)")
                .isInstanceOf(TrimmedDataAccessException.class);
    }

    @Test
    void aShardsFirstRecordCarriesItsStartingSequenceNumber() {
        table.put(accounts.next());
        table.rollOverShards();
        table.rollOverShards(); // an empty child in between
        table.put(accounts.next());

        int withRecords = 0;
        for (Shard shard : streams.describeStream(b -> b.streamArn(table.streamArn())).streamDescription().shards()) {
            List<Record> records = read(shard, ShardIteratorType.AT_SEQUENCE_NUMBER,
                    shard.sequenceNumberRange().startingSequenceNumber());
            if (!records.isEmpty()) {
                withRecords++;
                assertThat(records.getFirst().dynamodb().sequenceNumber()).as("first record of %s", shard.shardId())
                        .isEqualTo(shard.sequenceNumberRange().startingSequenceNumber());
            }
        }
        assertThat(withRecords).as("shards with a first record to check: the two written to").isEqualTo(2);
    }

    private Shard onlyShard() {
        return streams.describeStream(b -> b.streamArn(table.streamArn())).streamDescription().shards().getFirst();
    }

    private List<Record> read(Shard shard, ShardIteratorType type, String sequence) {
        String iterator = streams.getShardIterator(b -> b.streamArn(table.streamArn()).shardId(shard.shardId())
                .shardIteratorType(type).sequenceNumber(sequence)).shardIterator();
        return streams.getRecords(b -> b.shardIterator(iterator)).records();
    }

    private static List<String> sequences(List<Record> records) {
        return records.stream().map(record -> record.dynamodb().sequenceNumber()).toList();
    }
}
