package org.accountstream.application;

import org.accountstream.domain.Account;
import org.accountstream.ports.out.ScanCursor;
import org.accountstream.ports.out.SnapshotSource;

/** A snapshot source that does what {@code table} does; tests override what they change. */
abstract class ForwardingSnapshotSource implements SnapshotSource {

    private final SnapshotSource table;

    ForwardingSnapshotSource(SnapshotSource table) {
        this.table = table;
    }

    @Override
    public int segmentCount() {
        return table.segmentCount();
    }

    @Override
    public void scanSegment(int segment, ScanCursor from, PageConsumer pages) throws InterruptedException {
        table.scanSegment(segment, from, pages);
    }

    @Override
    public String tableId() {
        return table.tableId();
    }

    @Override
    public ScanCursor cursorAfter(Account account) {
        return table.cursorAfter(account);
    }

    @Override
    public byte[] cursorBytes(ScanCursor cursor) {
        return table.cursorBytes(cursor);
    }

    @Override
    public ScanCursor cursorFromBytes(byte[] bytes) {
        return table.cursorFromBytes(bytes);
    }
}
