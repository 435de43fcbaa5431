package org.accountstream.domain;

import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;

/**
 * The part of the table a consumer asks for: acis in {@code [start, limit)}, compared as unsigned
 * 128-bit numbers (DESIGN §7). An absent bound is open, so {@link #ALL} is the whole table.
 *
 * <p>{@link UUID#compareTo} compares the two halves as <em>signed</em> longs, which orders
 * {@code 8000…} before {@code 7fff…}; this class never uses it.
 */
public record AciRange(Optional<UUID> start, Optional<UUID> limit) {

    public static final AciRange ALL = new AciRange(Optional.empty(), Optional.empty());

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

    public boolean contains(UUID aci) {
        return start.map(s -> UNSIGNED_ORDER.compare(aci, s) >= 0).orElse(true)
                && limit.map(l -> UNSIGNED_ORDER.compare(aci, l) < 0).orElse(true);
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
