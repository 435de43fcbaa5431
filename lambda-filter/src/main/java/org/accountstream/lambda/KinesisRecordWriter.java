package org.accountstream.lambda;

import java.util.List;
import java.util.logging.Logger;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Writes records to a Kinesis stream in order with PutRecords, and stops at the first record that
 * is not written, so that nothing later of its account is written before it is retried.
 *
 * <p>Why: one write can derive a removal and an upsert of the same account. Were the removal
 * retried after the upsert was written, the upsert would be lost for good. A request holds at
 * most one record per account ({@link PutRecordsBatches}) and no request follows one with a
 * failure, so the account's later records wait for the retry. Kinesis still writes the other
 * accounts' records after the failed one in its request; the retry writes them again, after it,
 * which keeps their order too (consumers upsert, so the repeats are harmless).
 */
final class KinesisRecordWriter {

    private static final Logger LOG = Logger.getLogger(KinesisRecordWriter.class.getName());

    private final KinesisClient kinesis;
    private final String stream;

    KinesisRecordWriter(KinesisClient kinesis, String stream) {
        this.kinesis = kinesis;
        this.stream = stream;
    }

    /**
     * @return how many records, from the first, were written: {@code records.size()} when all
     *         were; else the index of the first that was not (failed, or never sent)
     */
    int write(List<OutgoingRecord> records) {
        int sent = 0;
        for (List<OutgoingRecord> batch : PutRecordsBatches.split(records)) {
            int written = put(batch);
            if (written < batch.size()) {
                return sent + written;
            }
            sent += batch.size();
        }
        return sent;
    }

    /** One PutRecords request: how many of its records, from the first, were written. */
    private int put(List<OutgoingRecord> batch) {
        PutRecordsResponse response;
        try {
            response = kinesis.putRecords(request -> request.streamName(stream).records(batch.stream()
                    .map(record -> PutRecordsRequestEntry.builder()
                            .partitionKey(record.partitionKey())
                            .data(SdkBytes.fromByteArrayUnsafe(record.data()))
                            .build())
                    .toList()));
        } catch (SdkException e) { // throttled or unreachable beyond the SDK's own retries, no such stream, ...
            LOG.warning(() -> "PutRecords of " + batch.size() + " records to Kinesis stream " + stream
                    + " failed: " + e.getMessage());
            return 0;
        }
        if (response.failedRecordCount() == null || response.failedRecordCount() == 0) {
            return batch.size();
        }
        List<PutRecordsResultEntry> results = response.records();
        for (int i = 0; i < results.size(); i++) {
            PutRecordsResultEntry result = results.get(i);
            if (result.errorCode() != null) {
                int index = i;
                LOG.warning(() -> response.failedRecordCount() + " of " + batch.size() + " records not written to"
                        + " Kinesis stream " + stream + ", the first at index " + index + ": " + result.errorCode()
                        + " (" + result.errorMessage() + ")");
                return i;
            }
        }
        // A failure count without a failed record: nothing can be vouched for.
        LOG.warning(() -> "PutRecords to Kinesis stream " + stream + " counted " + response.failedRecordCount()
                + " failed records but named none");
        return 0;
    }
}
