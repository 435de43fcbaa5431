package org.accountstream.wire;

import java.util.ArrayList;
import java.util.List;
import org.accountstream.domain.Frame;
import org.accountstream.domain.TokenCodec;

/**
 * A frame as Server-Sent Events (DESIGN §13): {@code clear}, then {@code records} (a JSON array,
 * see {@link JsonRecords}), then {@code current}; a frame with none of these is a
 * {@code bookmark}. The frame's last event carries its id: the token in base64url, so that an
 * {@code EventSource} reconnecting with {@code Last-Event-ID} resumes after the whole frame.
 *
 * <p>Snapshot pages carry tokens on this transport (a reloaded page starts fresh anyway), so an
 * {@code EventSource} cut off mid-snapshot continues it (DESIGN §6). A frame without a token (the
 * clear, and snapshot pages of a server held back to token version 1) gets the id
 * {@value #SNAPSHOT_IN_FLIGHT}, which resumes as no token at all: a client cut off then holds
 * part of a snapshot it cannot continue, and must start again from {@code clear}. Leaving its id empty
 * instead would not do: {@code EventSource} then sends no header, and the server would fall back
 * to the {@code token} query parameter still in the URL, resuming the old replica's position
 * onto half a snapshot.
 */
public final class SseFrames {

    /** The id of events sent while a snapshot is in flight: resuming with it starts afresh. */
    public static final String SNAPSHOT_IN_FLIGHT = "snapshot";

    /** One event: its type, its id (null for none) and its data line. */
    public record Event(String name, String id, String data) {
    }

    private static final String NO_DATA = "{}"; // EventSource drops events whose data is empty

    private SseFrames() {
    }

    public static List<Event> toEvents(Frame frame) {
        List<String[]> parts = new ArrayList<>(3);
        if (frame.clearAll()) {
            parts.add(new String[] {"clear", NO_DATA});
        }
        if (!frame.records().isEmpty()) {
            parts.add(new String[] {"records", JsonRecords.toJson(frame.records())});
        }
        if (frame.datasetCurrent()) {
            parts.add(new String[] {"current", NO_DATA});
        }
        if (parts.isEmpty()) {
            parts.add(new String[] {"bookmark", NO_DATA});
        }
        String id = frame.hasToken() ? TokenCodec.toBase64Url(frame.continuationToken()) : SNAPSHOT_IN_FLIGHT;
        List<Event> events = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            events.add(new Event(parts.get(i)[0], i == parts.size() - 1 ? id : null, parts.get(i)[1]));
        }
        return events;
    }

    /**
     * The token a client presents as its last event id; none (empty) for the id of an event sent
     * during a snapshot, or for text that is not base64url (the service then answers
     * {@code clear}, as for any token it cannot honour).
     */
    public static byte[] tokenFromEventId(String id) {
        return SNAPSHOT_IN_FLIGHT.equals(id) ? new byte[0] : TokenCodec.fromBase64Url(id);
    }
}
