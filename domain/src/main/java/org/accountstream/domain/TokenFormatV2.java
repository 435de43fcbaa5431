package org.accountstream.domain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Token format version 2, compact (DESIGN §5): varints ({@link CompactWriter}), shard ids against
 * a template ({@link ShardIdTemplate}), sequence numbers as decimal digits that share a prefix with
 * the previous entry's, and a snapshot's progress.
 *
 * <pre>
 *   written  = 2 ‖ flags ‖ feedId ‖ [start(16)] ‖ [limit(16)] ‖ count ‖ entry* ‖ [snapshot]
 *   flags    = bit 0: start present, bit 1: limit present, bit 2: snapshot present
 *   entry    = tag ‖ shard id ‖ position;  tag = bits 0–1: position kind, bit 2: id in full
 *   position = (not started) | shared digits ‖ rest count ‖ rest packed | seconds(zigzag) ‖ nanos
 *   snapshot = tableId ‖ segmentCount ‖ runs ‖ (gap ‖ length − 1)* ‖ cursors ‖ (gap ‖ length ‖ bytes)*
 * </pre>
 */
final class TokenFormatV2 implements TokenFormat {

    /** Longer sequence numbers are refused: feeds use up to about 60 digits. */
    static final int MAX_SEQUENCE_DIGITS = 1000;
    /** DynamoDB's limit on a scan's TotalSegments; it bounds what a done set can decode to. */
    static final int MAX_SEGMENTS = 1_000_000;

    private static final int START = 1;
    private static final int LIMIT = 2;
    private static final int SNAPSHOT = 4;

    private static final int NOT_STARTED = 0;
    private static final int AFTER_SEQUENCE = 1;
    private static final int AT_TIMESTAMP = 2;
    private static final int POSITION_KIND = 3;
    private static final int ID_IN_FULL = 4;

    @Override
    public int version() {
        return 2;
    }

    @Override
    public byte[] write(ContinuationToken token) {
        CompactWriter out = new CompactWriter();
        out.writeByte(version());
        Optional<UUID> start = token.range().start();
        Optional<UUID> limit = token.range().limit();
        out.writeByte((start.isPresent() ? START : 0) | (limit.isPresent() ? LIMIT : 0)
                | (token.snapshot().isPresent() ? SNAPSHOT : 0));
        out.writeString(token.feedId());
        start.ifPresent(aci -> out.writeBytes(AciRange.uuidBytes(aci)));
        limit.ifPresent(aci -> out.writeBytes(AciRange.uuidBytes(aci)));
        writeHorizon(out, token.horizon());
        token.snapshot().ifPresent(progress -> writeSnapshot(out, progress));
        return out.toByteArray();
    }

    @Override
    public ContinuationToken parse(byte[] written) {
        CompactReader in = new CompactReader(written, 1); // after the version, checked by the codec
        int flags = in.readByte();
        if ((flags & ~(START | LIMIT | SNAPSHOT)) != 0) {
            throw new MalformedTokenException("unknown flags " + flags);
        }
        String feedId = in.readString();
        Optional<UUID> start = (flags & START) != 0 ? Optional.of(readUuid(in)) : Optional.empty();
        Optional<UUID> limit = (flags & LIMIT) != 0 ? Optional.of(readUuid(in)) : Optional.empty();
        Horizon horizon = readHorizon(in);
        Optional<SnapshotProgress> snapshot = (flags & SNAPSHOT) != 0 ? Optional.of(readSnapshot(in)) : Optional.empty();
        in.expectEnd();
        return new ContinuationToken(feedId, new AciRange(start, limit), horizon, snapshot);
    }

    private static void writeHorizon(CompactWriter out, Horizon horizon) {
        out.writeVarint(horizon.positions().size());
        ShardIdTemplate ids = new ShardIdTemplate();
        String previousSequence = "";
        for (Map.Entry<String, Position> entry : horizon.positions().entrySet()) {
            boolean inFull = !ids.fits(entry.getKey());
            Position position = entry.getValue();
            int kind = switch (position) {
                case Position.NotStarted notStarted -> NOT_STARTED;
                case Position.After after -> AFTER_SEQUENCE;
                case Position.AtTimestamp at -> AT_TIMESTAMP;
            };
            out.writeByte(kind | (inFull ? ID_IN_FULL : 0));
            if (inFull) {
                ids.writeFull(out, entry.getKey());
            } else {
                ids.writeTemplated(out, entry.getKey());
            }
            switch (position) {
                case Position.NotStarted notStarted -> { }
                case Position.After after -> previousSequence = writeSequence(out, after.sequence(), previousSequence);
                case Position.AtTimestamp at -> {
                    out.writeSignedVarint(at.timestamp().getEpochSecond());
                    out.writeVarint(at.timestamp().getNano());
                }
            }
        }
    }

    private static Horizon readHorizon(CompactReader in) {
        int count = in.readCount();
        ShardIdTemplate ids = new ShardIdTemplate();
        String previousSequence = "";
        TreeMap<String, Position> positions = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            int tag = in.readByte();
            if ((tag & ~(POSITION_KIND | ID_IN_FULL)) != 0) {
                throw new MalformedTokenException("unknown entry tag " + tag);
            }
            String id = (tag & ID_IN_FULL) != 0 ? ids.readFull(in) : ids.readTemplated(in);
            if (!positions.isEmpty() && id.compareTo(positions.lastKey()) <= 0) {
                throw new MalformedTokenException("shard ids out of order");
            }
            Position position = switch (tag & POSITION_KIND) {
                case NOT_STARTED -> Position.notStarted();
                case AFTER_SEQUENCE -> {
                    previousSequence = readSequence(in, previousSequence);
                    yield Position.after(SequenceNumber.of(previousSequence));
                }
                case AT_TIMESTAMP -> Position.atTimestamp(Instant.ofEpochSecond(in.readSignedVarint(), in.readVarint()));
                default -> throw new MalformedTokenException("unknown position kind " + (tag & POSITION_KIND));
            };
            positions.put(id, position);
        }
        return Horizon.of(positions);
    }

    /**
     * The sequence number's decimal digits: how many it shares with the previous one's (sequence
     * numbers of one stream share long prefixes), then the rest, packed. Returns its digits.
     */
    private static String writeSequence(CompactWriter out, SequenceNumber sequence, String previous) {
        String digits = sequence.value().toString();
        if (digits.length() > MAX_SEQUENCE_DIGITS) {
            throw new IllegalArgumentException("sequence number of " + digits.length() + " digits");
        }
        int shared = 0;
        while (shared < Math.min(digits.length(), previous.length()) && digits.charAt(shared) == previous.charAt(shared)) {
            shared++;
        }
        out.writeVarint(shared);
        out.writeVarint(digits.length() - shared);
        out.writePackedDigits(digits.substring(shared), 10);
        return digits;
    }

    private static String readSequence(CompactReader in, String previous) {
        int shared = in.readVarint();
        int rest = in.readVarint();
        if (shared > previous.length() || rest > MAX_SEQUENCE_DIGITS - shared || shared + rest == 0) {
            throw new MalformedTokenException("sequence number of " + shared + " + " + rest + " digits");
        }
        return previous.substring(0, shared) + in.readPackedDigits(rest, 10);
    }

    private static void writeSnapshot(CompactWriter out, SnapshotProgress progress) {
        if (progress.segmentCount() > MAX_SEGMENTS) {
            throw new IllegalArgumentException("more than " + MAX_SEGMENTS + " segments: " + progress.segmentCount());
        }
        out.writeString(progress.tableId());
        out.writeVarint(progress.segmentCount());
        writeDone(out, progress.done());
        out.writeVarint(progress.cursors().size());
        int next = 0; // the lowest segment the next cursor can have
        for (Map.Entry<Integer, SegmentCursor> entry : progress.cursors().entrySet()) {
            out.writeVarint(entry.getKey() - next);
            byte[] cursor = entry.getValue().bytes();
            out.writeVarint(cursor.length);
            out.writeBytes(cursor);
            next = entry.getKey() + 1;
        }
    }

    private static SnapshotProgress readSnapshot(CompactReader in) {
        String tableId = in.readString();
        int segmentCount = in.readVarint();
        if (segmentCount < 1 || segmentCount > MAX_SEGMENTS) {
            throw new MalformedTokenException(segmentCount + " segments");
        }
        SortedSet<Integer> done = readDone(in, segmentCount);
        int count = in.readCount();
        SortedMap<Integer, SegmentCursor> cursors = new TreeMap<>();
        long next = 0;
        for (int i = 0; i < count; i++) {
            long segment = next + in.readVarint();
            if (segment >= segmentCount) {
                throw new MalformedTokenException("cursor of segment " + segment + " of " + segmentCount);
            }
            cursors.put((int) segment, new SegmentCursor(in.readBytes(in.readVarint())));
            next = segment + 1;
        }
        return new SnapshotProgress(tableId, segmentCount, done, cursors);
    }

    /** The done segments as runs of consecutive ones: the gap before each, then its length − 1. */
    private static void writeDone(CompactWriter out, SortedSet<Integer> done) {
        List<int[]> runs = new ArrayList<>(); // {first, last} of each run
        for (int segment : done) {
            if (!runs.isEmpty() && runs.getLast()[1] == segment - 1) {
                runs.getLast()[1] = segment;
            } else {
                runs.add(new int[] {segment, segment});
            }
        }
        out.writeVarint(runs.size());
        int end = 0; // after the previous run
        for (int[] run : runs) {
            out.writeVarint(run[0] - end);
            out.writeVarint(run[1] - run[0]);
            end = run[1] + 1;
        }
    }

    private static SortedSet<Integer> readDone(CompactReader in, int segmentCount) {
        int runs = in.readCount();
        SortedSet<Integer> done = new TreeSet<>();
        long end = 0;
        for (int i = 0; i < runs; i++) {
            long start = end + in.readVarint();
            end = start + in.readVarint() + 1L;
            if (end > segmentCount) {
                throw new MalformedTokenException("done segments past " + segmentCount);
            }
            for (long segment = start; segment < end; segment++) {
                done.add((int) segment);
            }
        }
        return done;
    }

    private static UUID readUuid(CompactReader in) {
        return AciRange.uuidFromBytes(in.readBytes(16));
    }
}
