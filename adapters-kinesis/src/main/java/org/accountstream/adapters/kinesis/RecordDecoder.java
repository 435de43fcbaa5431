package org.accountstream.adapters.kinesis;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.FeedRecord;
import org.accountstream.domain.SequenceNumber;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Turns a Kinesis record into a {@link FeedRecord}: its sequence number, arrival time and the
 * change it carries ({@link AccountRecordFormat}). A record that is not an account record is
 * counted, logged by shard and sequence number (never its content: records hold phone numbers;
 * the first {@value #WARNINGS_LOGGED} as warnings, the rest at FINE) and becomes a record of no
 * change, so readers move past it instead of being stuck on it.
 */
final class RecordDecoder {

    private static final Logger LOG = Logger.getLogger(RecordDecoder.class.getName());
    private static final long WARNINGS_LOGGED = 100;

    private final LongAdder malformed = new LongAdder();

    FeedRecord decode(String shardId, Record record) {
        SequenceNumber sequence = SequenceNumber.of(record.sequenceNumber());
        List<AccountChange> changes;
        try {
            changes = AccountRecordFormat.decode(record.data().asByteArrayUnsafe());
        } catch (MalformedRecordException e) {
            malformed.increment();
            long soFar = malformed.sum();
            LOG.log(soFar <= WARNINGS_LOGGED ? Level.WARNING : Level.FINE,
                    "skipping record {0} of shard {1}, not an account record: {2} ({3} so far)",
                    new Object[] {record.sequenceNumber(), shardId, e.getMessage(), soFar});
            changes = List.of();
        }
        return new FeedRecord(sequence, changes, record.approximateArrivalTimestamp());
    }

    long malformed() {
        return malformed.sum();
    }
}
