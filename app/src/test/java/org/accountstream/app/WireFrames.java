package org.accountstream.app;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.accountstream.adapters.grpc.proto.AccountDataStream;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Frame;

/** What a client decodes from the wire, as domain frames a {@code Replica} applies. */
final class WireFrames {

    private WireFrames() {
    }

    static Frame toFrame(AccountDataStream message) {
        List<AccountChange> records = new ArrayList<>();
        for (AccountDataStream.Record record : message.getRecordsList()) {
            records.add(record.getAci().isEmpty()
                    ? new AccountChange.Removal(record.getE164(), uuidOrNull(record.getRemovedAci().toByteArray()))
                    : new AccountChange.Upsert(new Account(AciRange.uuidFromBytes(record.getAci().toByteArray()),
                            record.getE164(), true, uuidOrNull(record.getPni().toByteArray()),
                            record.getUak().toByteArray())));
        }
        return new Frame(message.getClearAll(), records, message.getContinuationToken().toByteArray(),
                message.getDatasetCurrent());
    }

    private static UUID uuidOrNull(byte[] bytes) {
        return bytes.length == 0 ? null : AciRange.uuidFromBytes(bytes);
    }
}
