package org.accountstream.lambda;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Splits records, in order, into PutRecords requests: within Kinesis' limits, and with at most one
 * record per partition key (account) in a request.
 *
 * <p>Why one per account: Kinesis writes every record of a request it can, even after one that
 * fails. A request holding an account's removal and then its upsert could thus write the upsert
 * while the removal failed, and the removal's retry would land after the upsert. With one record
 * per account, nothing later of an account is in the request that fails one of its records, and
 * {@link KinesisRecordWriter} sends no further request. An e164 change (a removal then an upsert)
 * therefore always spans two requests.
 */
final class PutRecordsBatches {

    /** Records in one PutRecords request. */
    static final int MAX_RECORDS = 500;
    /** Bytes in one PutRecords request, data and partition keys together. */
    static final int MAX_BYTES = 5 * 1024 * 1024;

    private PutRecordsBatches() {
    }

    static List<List<OutgoingRecord>> split(List<OutgoingRecord> records) {
        return split(records, MAX_RECORDS, MAX_BYTES);
    }

    /** Consecutive batches of at most {@code maxRecords} and {@code maxBytes}, one record per partition key. */
    static List<List<OutgoingRecord>> split(List<OutgoingRecord> records, int maxRecords, int maxBytes) {
        List<List<OutgoingRecord>> batches = new ArrayList<>();
        List<OutgoingRecord> batch = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        long bytes = 0;
        for (OutgoingRecord record : records) {
            boolean full = batch.size() == maxRecords || bytes + record.size() > maxBytes;
            if (!batch.isEmpty() && (full || keys.contains(record.partitionKey()))) {
                batches.add(batch);
                batch = new ArrayList<>();
                keys.clear();
                bytes = 0;
            }
            batch.add(record);
            keys.add(record.partitionKey());
            bytes += record.size();
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }
}
