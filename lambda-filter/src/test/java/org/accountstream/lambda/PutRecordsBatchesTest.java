package org.accountstream.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PutRecordsBatchesTest {

    @Test
    void batchesHoldAtMost500Records() {
        List<OutgoingRecord> records = IntStream.range(0, 1_001).mapToObj(i -> record("account-" + i, 10)).toList();

        List<List<OutgoingRecord>> batches = PutRecordsBatches.split(records);

        assertThat(batches).extracting(List::size).containsExactly(500, 500, 1);
        assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(records);
    }

    @Test
    void batchesHoldAtMost5MiBOfDataAndPartitionKeys() {
        int oneMiB = 1024 * 1024;
        String key = "a-key-of-29-bytes-0000000000-"; // with a one-digit suffix: 30 bytes
        List<OutgoingRecord> records = IntStream.range(0, 6)
                .mapToObj(i -> record(key + i, oneMiB - 30)).toList(); // exactly 1 MiB each

        assertThat(PutRecordsBatches.split(records)).extracting(List::size).containsExactly(5, 1);
    }

    @Test
    void aBatchHoldsOneRecordPerPartitionKeySoThatAFailureHoldsBackTheAccountsLaterRecords() {
        OutgoingRecord removalOfA = record("a", 10);
        OutgoingRecord upsertOfA = record("a", 10);
        OutgoingRecord upsertOfB = record("b", 10);
        OutgoingRecord upsertOfC = record("c", 10);

        assertThat(PutRecordsBatches.split(List.of(removalOfA, upsertOfB, upsertOfA, upsertOfC)))
                .containsExactly(List.of(removalOfA, upsertOfB), List.of(upsertOfA, upsertOfC));
    }

    private static OutgoingRecord record(String partitionKey, int dataBytes) {
        return new OutgoingRecord("1", partitionKey, new byte[dataBytes]);
    }
}
