package org.accountstream.app;

import java.util.Map;
import java.util.stream.Collectors;
import org.accountstream.adapters.memory.InMemoryAccountTable;
import org.accountstream.domain.Account;
import org.accountstream.domain.AciRange;

/** What a consumer of {@code range} should hold: the table's discoverable accounts by e164. */
final class TableView {

    private TableView() {
    }

    static Map<Long, Account> expected(InMemoryAccountTable table, AciRange range) {
        return table.all().stream()
                .filter(a -> a.discoverable() && range.contains(a.aci()))
                .collect(Collectors.toMap(Account::e164, a -> a));
    }
}
