package org.accountstream.app;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.Frame;
import org.accountstream.wire.SseFrames;

/**
 * An event of {@code GET /v1/accounts/stream} (DESIGN §13) as a client receives it, read back into
 * the frame it stands for so that a {@link org.accountstream.domain.Replica} applies it:
 * {@code clear} clears all, {@code records} brings records, {@code current} says the dataset is
 * current, {@code bookmark} brings nothing but its id. The id, on the events that carry one, is
 * the token ({@value SseFrames#SNAPSHOT_IN_FLIGHT} for none: the clear's, and snapshot pages of a
 * server that writes no snapshot progress).
 *
 * @param id      the event's own id; {@code null} when it carries none
 * @param records the records of a {@code records} event; empty for the others
 */
record SseEvent(String name, String id, List<AccountChange> records) {

    /** An event as read from the stream itself: its data is the JSON the server sent. */
    static SseEvent of(EventStreamReader.Event event) {
        return new SseEvent(event.name(), event.id(),
                event.name().equals("records") ? changes((List<?>) JsonLine.parse(event.data())) : List.of());
    }

    /** An event as the SSE interop client prints it: {@code {"event":…,"id":…,"records":[…]}}. */
    static SseEvent of(Map<String, Object> line) {
        Object records = line.get("records");
        return new SseEvent((String) line.get("event"), (String) line.get("id"),
                records == null ? List.of() : changes((List<?>) records));
    }

    Frame frame() {
        return new Frame(name.equals("clear"), records, id == null ? new byte[0] : SseFrames.tokenFromEventId(id),
                name.equals("current"));
    }

    /** Records as {@link org.accountstream.wire.JsonRecords} writes them. */
    private static List<AccountChange> changes(List<?> json) {
        List<AccountChange> changes = new ArrayList<>(json.size());
        for (Object item : json) {
            Map<?, ?> record = (Map<?, ?>) item;
            long e164 = Long.parseLong((String) record.get("e164"));
            String aci = (String) record.get("aci");
            String uak = (String) record.get("uak");
            changes.add(aci == null
                    ? new AccountChange.Removal(e164, uuid(record.get("removedAci")))
                    : new AccountChange.Upsert(new Account(UUID.fromString(aci), e164, true, uuid(record.get("pni")),
                            uak == null ? new byte[0] : Base64.getDecoder().decode(uak))));
        }
        return changes;
    }

    private static UUID uuid(Object text) {
        return text == null ? null : UUID.fromString((String) text);
    }
}
