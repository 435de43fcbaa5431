package org.accountstream.ports.out;

import java.util.List;
import org.accountstream.domain.Account;

/**
 * The accounts table, read as a parallel scan: the table is cut into {@link #segmentCount()}
 * disjoint segments whose union is every account at some moment during the scan.
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
