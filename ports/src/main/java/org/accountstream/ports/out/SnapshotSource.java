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
     * Reads one segment, handing its accounts to {@code pages} a page at a time; returns when
     * the segment is exhausted. An interrupt stops the read.
     */
    void scanSegment(int segment, PageConsumer pages) throws InterruptedException;

    @FunctionalInterface
    interface PageConsumer {
        void accept(List<Account> page) throws InterruptedException;
    }
}
