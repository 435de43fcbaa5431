package org.accountstream.ports.out;

import java.util.List;
import org.accountstream.domain.Account;

/**
 * The accounts table, read as a parallel scan: the table is cut into {@link #segmentCount()}
 * disjoint segments whose union is every account at some moment during the scan.
 *
 * <p>A resumable snapshot's tokens record, per segment, the cursor after the last account the
 * consumer received ({@link #cursorAfter}, {@link #cursorBytes}) and the table it belongs to
 * ({@link #tableId}); a later process, on any replica, continues the segment from those bytes
 * ({@link #cursorFromBytes}).
 */
public interface SnapshotSource {

    int segmentCount();

    /**
     * Reads one segment from {@code from} on, handing its accounts to {@code pages} a page at a
     * time with the cursor right after that page; returns when the segment is exhausted. Reading
     * from a page's cursor yields what that read would have yielded after the page, give or take
     * writes made in between. An interrupt stops the read.
     *
     * @throws IllegalArgumentException if {@code from} was made by another source
     */
    void scanSegment(int segment, ScanCursor from, PageConsumer pages) throws InterruptedException;

    /**
     * Names this table for as long as its rows are the same rows: a cursor is resumed only on the
     * table whose id its token records. A table deleted and created again under the same name is
     * another table.
     */
    String tableId();

    /**
     * The cursor that continues a segment right after {@code account}, which a read of that
     * segment yielded: reading from it yields the accounts the read would have yielded after it.
     */
    ScanCursor cursorAfter(Account account);

    /** {@code cursor} ({@link ScanCursor#START} or one this source made) as bytes for a token. */
    byte[] cursorBytes(ScanCursor cursor);

    /**
     * The cursor whose {@link #cursorBytes} these are.
     *
     * @throws IllegalArgumentException if this source did not make them
     */
    ScanCursor cursorFromBytes(byte[] bytes);

    /** Reads one whole segment, ignoring the cursors. */
    default void scanSegment(int segment, AccountsConsumer pages) throws InterruptedException {
        scanSegment(segment, ScanCursor.START, (accounts, next) -> pages.accept(accounts));
    }

    @FunctionalInterface
    interface PageConsumer {
        /** {@code accounts} is never empty; {@code next} continues the segment after it. */
        void accept(List<Account> accounts, ScanCursor next) throws InterruptedException;
    }

    @FunctionalInterface
    interface AccountsConsumer {
        void accept(List<Account> accounts) throws InterruptedException;
    }
}
