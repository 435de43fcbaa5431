package org.accountstream.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Frame;
import org.accountstream.ports.in.StreamRequest;
import org.accountstream.wire.proto.AccountDataRequest;
import org.accountstream.wire.proto.AccountDataStream;

/**
 * Translates between the Signal-compatible wire messages (DESIGN §7) and the domain, both ways:
 * a server encodes frames and decodes requests, a client encodes requests and decodes frames.
 */
public final class WireFrames {

    private WireFrames() {
    }

    /** @throws org.accountstream.domain.InvalidRequestException for a malformed range */
    public static StreamRequest toRequest(AccountDataRequest request) {
        AciRange range = AciRange.fromBytes(
                request.getShard().getStart().toByteArray(), request.getShard().getLimit().toByteArray());
        return new StreamRequest(range, request.getLastContinuationToken().toByteArray(),
                request.getResumableSnapshot());
    }

    public static AccountDataStream toMessage(Frame frame) {
        AccountDataStream.Builder message = AccountDataStream.newBuilder()
                .setClearAll(frame.clearAll())
                .setDatasetCurrent(frame.datasetCurrent())
                .setContinuationToken(wrap(frame.continuationToken()));
        for (AccountChange change : frame.records()) {
            message.addRecords(toRecord(change));
        }
        return message.build();
    }

    private static AccountDataStream.Record toRecord(AccountChange change) {
        AccountDataStream.Record.Builder record = AccountDataStream.Record.newBuilder().setE164(change.e164());
        switch (change) {
            case AccountChange.Upsert upsert -> {
                record.setAci(uuid(upsert.account().aci())).setUak(wrap(upsert.account().uak()));
                if (upsert.account().pni() != null) {
                    record.setPni(uuid(upsert.account().pni()));
                }
            }
            case AccountChange.Removal removal -> {
                if (removal.removedAci() != null) {
                    record.setRemovedAci(uuid(removal.removedAci()));
                }
            }
        }
        return record.build();
    }

    /**
     * The frame a client reads from {@code message}. A record with an aci is an upsert of a
     * served, hence discoverable, account; one without is the removal of its e164.
     */
    public static Frame toFrame(AccountDataStream message) {
        List<AccountChange> records = new ArrayList<>(message.getRecordsCount());
        for (AccountDataStream.Record record : message.getRecordsList()) {
            records.add(record.getAci().isEmpty()
                    ? new AccountChange.Removal(record.getE164(), uuidOrNull(record.getRemovedAci()))
                    : new AccountChange.Upsert(new Account(AciRange.uuidFromBytes(record.getAci().toByteArray()),
                            record.getE164(), true, uuidOrNull(record.getPni()), record.getUak().toByteArray())));
        }
        return new Frame(message.getClearAll(), records, message.getContinuationToken().toByteArray(),
                message.getDatasetCurrent());
    }

    private static UUID uuidOrNull(ByteString bytes) {
        return bytes.isEmpty() ? null : AciRange.uuidFromBytes(bytes.toByteArray());
    }

    private static ByteString uuid(UUID uuid) {
        return wrap(AciRange.uuidBytes(uuid));
    }

    /** Wraps without copying: every array passed here is a fresh copy nobody else holds. */
    private static ByteString wrap(byte[] fresh) {
        return UnsafeByteOperations.unsafeWrap(fresh);
    }
}
