package org.accountstream.app;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.accountstream.adapters.memory.InMemoryAccountTable;
import org.accountstream.domain.Account;
import org.accountstream.domain.AciRange;
import org.accountstream.ports.out.SnapshotSource;

/** What a consumer of a range should hold: the table's discoverable accounts in it, by e164. */
final class TableView {

    private TableView() {
    }

    static Map<Long, Account> expected(InMemoryAccountTable table, AciRange range) {
        return expected(table.all(), range);
    }

    /** What a consumer of the whole table should hold now, read by a fresh scan of every segment. */
    static Map<Long, Account> expected(SnapshotSource table) throws InterruptedException {
        List<Account> accounts = new ArrayList<>();
        for (int segment = 0; segment < table.segmentCount(); segment++) {
            table.scanSegment(segment, accounts::addAll);
        }
        return expected(accounts, AciRange.ALL);
    }

    private static Map<Long, Account> expected(Collection<Account> accounts, AciRange range) {
        return accounts.stream()
                .filter(a -> a.discoverable() && range.contains(a.aci()))
                .collect(Collectors.toMap(Account::e164, a -> a));
    }
}
