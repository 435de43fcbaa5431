package org.accountstream.domain;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Token format version 1, the first: {@link DataOutputStream} fields, about 50 bytes a shard.
 * Still read, so that tokens of older releases are honoured; written only when
 * {@code accountstream.token.write-version} holds version 2 back. It has no room for a
 * snapshot's progress.
 *
 * <pre>
 *   payload = feedId(writeUTF) ‖ start ‖ limit ‖ count(int) ‖ (shardId(writeUTF) ‖ position)*
 *   bound   = present(boolean) [‖ uuid(16)]
 *   position = 0 (not started) | 1 ‖ length(short) ‖ BigInteger bytes | 2 ‖ seconds(long) ‖ nanos(int)
 * </pre>
 */
final class TokenFormatV1 implements TokenFormat {

    private static final int NOT_STARTED = 0;
    private static final int AFTER_SEQUENCE = 1;
    private static final int AT_TIMESTAMP = 2;

    @Override
    public int version() {
        return 1;
    }

    @Override
    public byte[] write(ContinuationToken token) {
        if (token.snapshot().isPresent()) {
            throw new IllegalArgumentException("token format 1 cannot carry a snapshot's progress");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(version());
            out.writeUTF(token.feedId());
            writeBound(out, token.range().start());
            writeBound(out, token.range().limit());
            Map<String, Position> positions = token.horizon().positions();
            out.writeInt(positions.size());
            for (Map.Entry<String, Position> entry : positions.entrySet()) {
                out.writeUTF(entry.getKey());
                writePosition(out, entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public ContinuationToken parse(byte[] written) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(written));
        in.readByte(); // the version, checked by the codec
        String feedId = in.readUTF();
        AciRange range = new AciRange(readBound(in), readBound(in));
        int count = in.readInt();
        if (count < 0 || count > written.length) {
            throw new IOException("bad shard count " + count);
        }
        Map<String, Position> positions = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            positions.put(in.readUTF(), readPosition(in));
        }
        if (in.available() != 0) {
            throw new IOException("trailing bytes");
        }
        return new ContinuationToken(feedId, range, Horizon.of(positions));
    }

    private static void writeBound(DataOutputStream out, Optional<UUID> bound) throws IOException {
        out.writeBoolean(bound.isPresent());
        if (bound.isPresent()) {
            out.write(AciRange.uuidBytes(bound.get()));
        }
    }

    private static Optional<UUID> readBound(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return Optional.empty();
        }
        byte[] uuid = new byte[16];
        in.readFully(uuid);
        return Optional.of(AciRange.uuidFromBytes(uuid));
    }

    private static void writePosition(DataOutputStream out, Position position) throws IOException {
        switch (position) {
            case Position.NotStarted notStarted -> out.writeByte(NOT_STARTED);
            case Position.After after -> {
                out.writeByte(AFTER_SEQUENCE);
                byte[] magnitude = after.sequence().value().toByteArray();
                out.writeShort(magnitude.length);
                out.write(magnitude);
            }
            case Position.AtTimestamp at -> {
                out.writeByte(AT_TIMESTAMP);
                out.writeLong(at.timestamp().getEpochSecond());
                out.writeInt(at.timestamp().getNano());
            }
        }
    }

    private static Position readPosition(DataInputStream in) throws IOException {
        int kind = in.readByte();
        return switch (kind) {
            case NOT_STARTED -> Position.notStarted();
            case AFTER_SEQUENCE -> {
                byte[] magnitude = new byte[in.readUnsignedShort()];
                in.readFully(magnitude);
                yield Position.after(new SequenceNumber(new BigInteger(magnitude)));
            }
            case AT_TIMESTAMP -> Position.atTimestamp(Instant.ofEpochSecond(in.readLong(), in.readInt()));
            default -> throw new IOException("unknown position kind " + kind);
        };
    }
}
