package org.accountstream.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The filter: a batch of DynamoDB stream records in, the changes consumers can see out to Kinesis
 * (one record per change, in the batch's order), and where Lambda must resume if not all of them
 * were written.
 *
 * <p>The answer names the stream record that derived the first unwritten change
 * ({@code batchItemFailures}, with {@code ReportBatchItemFailures} on the event source mapping):
 * Lambda then retries the batch from that record, so no change of an account is written after a
 * later one of the same account that is still to be retried (see {@link KinesisRecordWriter}).
 */
public final class ChangeFilter {

    private static final Logger LOG = Logger.getLogger(ChangeFilter.class.getName());

    private final ChangeRecords changes;
    private final KinesisRecordWriter writer;
    private final LongAdder recordsRead = new LongAdder();
    private final LongAdder changesWritten = new LongAdder();
    private final LongAdder batchesCutShort = new LongAdder();

    ChangeFilter(ChangeRecords changes, KinesisRecordWriter writer) {
        this.changes = changes;
        this.writer = writer;
    }

    public static ChangeFilter create(FilterSettings settings, KinesisClient kinesis) {
        return new ChangeFilter(new ChangeRecords(settings.attributes()),
                new KinesisRecordWriter(kinesis, settings.kinesisStream()));
    }

    public StreamsEventResponse filter(DynamodbEvent event) {
        List<DynamodbStreamRecord> streamRecords = event.getRecords() == null ? List.of() : event.getRecords();
        List<OutgoingRecord> outgoing = new ArrayList<>();
        for (DynamodbStreamRecord record : streamRecords) {
            outgoing.addAll(changes.of(record));
        }
        recordsRead.add(streamRecords.size());
        int written = writer.write(outgoing);
        changesWritten.add(written);
        if (written == outgoing.size()) {
            LOG.fine(() -> streamRecords.size() + " stream records: " + written + " changes written");
            return new StreamsEventResponse(List.of());
        }
        batchesCutShort.increment();
        String resumeAt = outgoing.get(written).itemIdentifier();
        LOG.fine(() -> streamRecords.size() + " stream records: " + written + " of " + outgoing.size()
                + " changes written; to be retried from stream record " + resumeAt);
        return new StreamsEventResponse(List.of(new BatchItemFailure(resumeAt)));
    }

    /** Stream records received. */
    public long recordsRead() {
        return recordsRead.sum();
    }

    /** Changes written to Kinesis (those written again after a retry count again). */
    public long changesWritten() {
        return changesWritten.sum();
    }

    /** Batches answered with a record to retry from. */
    public long batchesCutShort() {
        return batchesCutShort.sum();
    }

    /** Stream images that were not readable accounts, treated as absent. */
    public long imagesSkipped() {
        return changes.imagesSkipped();
    }
}
