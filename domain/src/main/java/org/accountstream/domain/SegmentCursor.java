package org.accountstream.domain;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Where a scan segment continues, as the bytes its snapshot source made of it
 * ({@code SnapshotSource.cursorBytes}). Opaque here: only the source that made it reads it, and a
 * token records which table that was ({@link SnapshotProgress#tableId()}).
 */
public final class SegmentCursor {

    private final byte[] bytes;

    public SegmentCursor(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SegmentCursor other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "SegmentCursor[" + HexFormat.of().formatHex(bytes) + "]";
    }
}
