package org.accountstream.adapters.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import org.accountstream.adapters.grpc.proto.AccountDataRequest;
import org.accountstream.adapters.grpc.proto.AccountDataStream;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Frame;
import org.accountstream.ports.in.StreamRequest;

/** Translates between the Signal-compatible wire messages (DESIGN §7) and the domain. */
final class WireMapping {

    private WireMapping() {
    }

    /** @throws org.accountstream.domain.InvalidRequestException for a malformed range */
    static StreamRequest toRequest(AccountDataRequest request) {
        AciRange range = AciRange.fromBytes(
                request.getShard().getStart().toByteArray(), request.getShard().getLimit().toByteArray());
        return new StreamRequest(range, request.getLastContinuationToken().toByteArray());
    }

    static AccountDataStream toMessage(Frame frame) {
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

    private static ByteString uuid(java.util.UUID uuid) {
        return wrap(AciRange.uuidBytes(uuid));
    }

    /** Wraps without copying: every array passed here is a fresh copy nobody else holds. */
    private static ByteString wrap(byte[] fresh) {
        return UnsafeByteOperations.unsafeWrap(fresh);
    }
}
