package org.accountstream.domain;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks continuation tokens.
 *
 * <pre>
 *   token = version(1 byte) ‖ payload ‖ HMAC-SHA256(key, version ‖ payload)(32 bytes)
 * </pre>
 *
 * The payload's layout is the version's ({@link TokenFormatV1}, {@link TokenFormatV2}). Every
 * version ever written is read for ever, so a token of an older release is honoured; the codec
 * writes one configured version, the newest by default, so that a fleet mid-upgrade can hold a
 * new version back until every replica reads it (DESIGN §5).
 *
 * <p>The first key signs; every key verifies, so keys rotate by adding a new key in front and
 * dropping the old one once its tokens no longer matter. The MAC covers every byte before it, so
 * any change to a token (one flipped bit included) is detected before its payload is parsed.
 */
public final class TokenCodec {

    /** The newest format version, written by default. */
    public static final int FORMAT_VERSION = 2;
    public static final int DEFAULT_MAX_BYTES = 64 * 1024;
    private static final int MAC_BYTES = 32;
    private static final String MAC_ALGORITHM = "HmacSHA256";
    private static final Map<Integer, TokenFormat> FORMATS = Map.of(1, new TokenFormatV1(), 2, new TokenFormatV2());

    private final List<byte[]> keys;
    private final int maxBytes;
    private final TokenFormat writeFormat;

    /** A codec that writes the newest version ({@value #FORMAT_VERSION}). */
    public TokenCodec(List<byte[]> keys, int maxBytes) {
        this(keys, maxBytes, FORMAT_VERSION);
    }

    /**
     * @param keys signing keys, the first signs; each at least 16 bytes
     * @param writeVersion the format version {@link #encode} writes, 1 or 2; all are read
     */
    public TokenCodec(List<byte[]> keys, int maxBytes, int writeVersion) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one token key is needed");
        }
        for (byte[] key : keys) {
            if (key.length < 16) {
                throw new IllegalArgumentException("token keys must be at least 16 bytes");
            }
        }
        if (!FORMATS.containsKey(writeVersion)) {
            throw new IllegalArgumentException("no token format version " + writeVersion);
        }
        this.keys = keys.stream().map(byte[]::clone).toList();
        this.maxBytes = maxBytes;
        this.writeFormat = FORMATS.get(writeVersion);
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** True when the tokens this codec writes can carry a snapshot's progress (version 2 on). */
    public boolean writesSnapshotProgress() {
        return writeFormat.version() >= 2;
    }

    /** @throws IllegalArgumentException for a token with a snapshot when writing version 1 */
    public byte[] encode(ContinuationToken token) {
        byte[] written = writeFormat.write(token);
        byte[] signed = Arrays.copyOf(written, written.length + MAC_BYTES);
        System.arraycopy(mac(keys.get(0), written), 0, signed, written.length, MAC_BYTES);
        return signed;
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
        TokenFormat format = FORMATS.get((int) presented[0]);
        if (format == null) {
            return new TokenCheck.NotHonoured(TokenCheck.Reason.UNKNOWN_VERSION);
        }
        byte[] signed = Arrays.copyOf(presented, presented.length - MAC_BYTES);
        byte[] mac = Arrays.copyOfRange(presented, signed.length, presented.length);
        if (keys.stream().noneMatch(key -> MessageDigest.isEqual(mac, mac(key, signed)))) {
            return new TokenCheck.NotHonoured(TokenCheck.Reason.BAD_SIGNATURE);
        }
        ContinuationToken token;
        try {
            token = format.parse(signed);
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
