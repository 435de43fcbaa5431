package org.accountstream.domain;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks continuation tokens.
 *
 * <pre>
 *   token = version(1 byte) ‖ payload ‖ HMAC-SHA256(key, version ‖ payload)(32 bytes)
 *   payload = feedId ‖ range ‖ horizon
 * </pre>
 *
 * The first key signs; every key verifies, so keys rotate by adding a new key in front and
 * dropping the old one once its tokens no longer matter. The MAC covers every byte before it, so
 * any change to a token (one flipped bit included) is detected before its payload is parsed.
 */
public final class TokenCodec {

    public static final int FORMAT_VERSION = 1;
    public static final int DEFAULT_MAX_BYTES = 64 * 1024;
    private static final int MAC_BYTES = 32;
    private static final String MAC_ALGORITHM = "HmacSHA256";

    private static final int NOT_STARTED = 0;
    private static final int AFTER_SEQUENCE = 1;
    private static final int AT_TIMESTAMP = 2;

    private final List<byte[]> keys;
    private final int maxBytes;

    /** @param keys signing keys, the first signs; each at least 16 bytes */
    public TokenCodec(List<byte[]> keys, int maxBytes) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one token key is needed");
        }
        for (byte[] key : keys) {
            if (key.length < 16) {
                throw new IllegalArgumentException("token keys must be at least 16 bytes");
            }
        }
        this.keys = keys.stream().map(byte[]::clone).toList();
        this.maxBytes = maxBytes;
    }

    /** Whether the tokens this codec writes can carry a snapshot's progress (placeholder until v2). */
    public boolean writesSnapshotProgress() {
        return false;
    }

    public int maxBytes() {
        return maxBytes;
    }

    public byte[] encode(ContinuationToken token) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeUTF(token.feedId());
            writeBound(out, token.range().start());
            writeBound(out, token.range().limit());
            Map<String, Position> positions = token.horizon().positions();
            out.writeInt(positions.size());
            for (Map.Entry<String, Position> entry : positions.entrySet()) {
                out.writeUTF(entry.getKey());
                writePosition(out, entry.getValue());
            }
            out.write(mac(keys.get(0), bytes.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Checks a presented token against the feed and range of the request presenting it. */
    public TokenCheck check(byte[] presented, String feedId, AciRange range) {
        if (presented == null || presented.length == 0) {
            return new TokenCheck.Absent();
        }
        if (presented.length > maxBytes) {
            return new TokenCheck.Oversized(presented.length, maxBytes);
        }
        if (presented.length <= 1 + MAC_BYTES) {
            return new TokenCheck.NotHonoured(TokenCheck.Reason.MALFORMED);
        }
        if (presented[0] != FORMAT_VERSION) {
            return new TokenCheck.NotHonoured(TokenCheck.Reason.UNKNOWN_VERSION);
        }
        byte[] signed = Arrays.copyOf(presented, presented.length - MAC_BYTES);
        byte[] mac = Arrays.copyOfRange(presented, signed.length, presented.length);
        if (keys.stream().noneMatch(key -> MessageDigest.isEqual(mac, mac(key, signed)))) {
            return new TokenCheck.NotHonoured(TokenCheck.Reason.BAD_SIGNATURE);
        }
        ContinuationToken token;
        try {
            token = parse(signed);
        } catch (IOException | RuntimeException e) {
            // Authentic but unparseable: only a server bug or a reused key could make one.
            return new TokenCheck.NotHonoured(TokenCheck.Reason.MALFORMED);
        }
        if (!token.feedId().equals(feedId)) {
            return new TokenCheck.NotHonoured(TokenCheck.Reason.OTHER_FEED);
        }
        if (!token.range().equals(range)) {
            return new TokenCheck.NotHonoured(TokenCheck.Reason.OTHER_RANGE);
        }
        return new TokenCheck.Usable(token);
    }

    /** The token as an SSE event id: base64url without padding. */
    public static String toBase64Url(byte[] token) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /** Decodes an SSE event id; text that is not base64url gives an empty array (no token). */
    public static byte[] fromBase64Url(String text) {
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static ContinuationToken parse(byte[] signed) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(signed));
        in.readByte(); // version, checked by the caller
        String feedId = in.readUTF();
        AciRange range = new AciRange(readBound(in), readBound(in));
        int count = in.readInt();
        if (count < 0 || count > signed.length) {
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

    private static byte[] mac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(MAC_ALGORITHM);
            mac.init(new SecretKeySpec(key, MAC_ALGORITHM));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
