package org.accountstream.domain;

import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The part of the table a consumer asks for: acis in {@code [start, limit)}, compared as unsigned
 * 128-bit numbers (DESIGN §7). An absent bound is open, so {@link #ALL} is the whole table.
 *
 * <p>{@link UUID#compareTo} compares the two halves as <em>signed</em> longs, which orders
 * {@code 8000…} before {@code 7fff…}; this class never uses it.
 */
public record AciRange(Optional<UUID> start, Optional<UUID> limit) {

    public static final AciRange ALL = new AciRange(Optional.empty(), Optional.empty());

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** Unsigned 128-bit order of acis. */
    public static final Comparator<UUID> UNSIGNED_ORDER = (a, b) -> {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0
                ? high
                : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    };

    public AciRange {
        if (start.isPresent() && limit.isPresent()
                && UNSIGNED_ORDER.compare(start.get(), limit.get()) >= 0) {
            throw new InvalidRequestException("range start must be below its limit");
        }
    }

    /** The range of a request: each bound is 16 bytes or empty (open). */
    public static AciRange fromBytes(byte[] start, byte[] limit) {
        return new AciRange(bound("start", start), bound("limit", limit));
    }

    /**
     * The range of UUID strings ({@code 80000000-0000-0000-0000-000000000000}); null or empty is
     * open. Only the canonical form is accepted ({@link UUID#fromString} takes {@code 1-1-1-1-1}).
     */
    public static AciRange fromText(String start, String limit) {
        return new AciRange(textBound("start", start), textBound("limit", limit));
    }

    public boolean contains(UUID aci) {
        return start.map(s -> UNSIGNED_ORDER.compare(aci, s) >= 0).orElse(true)
                && limit.map(l -> UNSIGNED_ORDER.compare(aci, l) < 0).orElse(true);
    }

    /** True when every aci of {@code other} is in this range (an open bound covers any). */
    public boolean covers(AciRange other) {
        boolean startCovered = start.isEmpty()
                || other.start.map(s -> UNSIGNED_ORDER.compare(s, start.get()) >= 0).orElse(false);
        boolean limitCovered = limit.isEmpty()
                || other.limit.map(l -> UNSIGNED_ORDER.compare(l, limit.get()) <= 0).orElse(false);
        return startCovered && limitCovered;
    }

    public boolean contains(AccountChange change) {
        return change.aci() == null || contains(change.aci());
    }

    public static byte[] uuidBytes(UUID uuid) {
        return ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits())
                .array();
    }

    public static UUID uuidFromBytes(byte[] bytes) {
        if (bytes.length != 16) {
            throw new IllegalArgumentException("a UUID is 16 bytes, not " + bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    private static Optional<UUID> textBound(String name, String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        if (!UUID_TEXT.matcher(text).matches()) {
            throw new InvalidRequestException(name + " must be a UUID such as 80000000-0000-0000-0000-000000000000");
        }
        return Optional.of(UUID.fromString(text));
    }

    private static Optional<UUID> bound(String name, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return Optional.empty();
        }
        if (bytes.length != 16) {
            throw new InvalidRequestException(
                    "range " + name + " must be a 16-byte UUID or empty, got " + bytes.length + " bytes");
        }
        return Optional.of(uuidFromBytes(bytes));
    }
}
