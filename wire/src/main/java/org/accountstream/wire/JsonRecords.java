package org.accountstream.wire;

import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.accountstream.domain.AccountChange;

/**
 * Records as the JSON array of an SSE {@code records} event (DESIGN §13), written by hand: the
 * shapes are fixed and every value is a digit string, a UUID, base64 or null, so nothing needs
 * escaping. An e164 is a string because JavaScript numbers lose int64 digits.
 * <pre>
 *   upsert:  {"e164":"15550001234","aci":"3031…","pni":"…" or null,"uak":"base64" or null}
 *   removal: {"e164":"15550001234","aci":null,"removedAci":"3031…" or null}
 * </pre>
 */
public final class JsonRecords {

    private JsonRecords() {
    }

    public static String toJson(List<AccountChange> records) {
        StringBuilder json = new StringBuilder(records.size() * 160 + 2).append('[');
        for (AccountChange change : records) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("{\"e164\":\"").append(change.e164()).append('"');
            switch (change) {
                case AccountChange.Upsert upsert -> {
                    byte[] uak = upsert.account().uak();
                    json.append(",\"aci\":").append(quoted(upsert.account().aci()))
                            .append(",\"pni\":").append(quoted(upsert.account().pni()))
                            .append(",\"uak\":").append(uak.length == 0 ? "null"
                                    : '"' + Base64.getEncoder().encodeToString(uak) + '"');
                }
                case AccountChange.Removal removal -> json.append(",\"aci\":null,\"removedAci\":")
                        .append(quoted(removal.removedAci()));
            }
            json.append('}');
        }
        return json.append(']').toString();
    }

    private static String quoted(UUID uuid) {
        return uuid == null ? "null" : '"' + uuid.toString() + '"';
    }
}
