package org.accountstream.adapters.memory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.accountstream.domain.Account;
import org.accountstream.ports.contract.SnapshotSourceContract;
import org.accountstream.ports.out.SnapshotSource;

class InMemoryAccountTableContractTest extends SnapshotSourceContract {

    @Override
    protected SnapshotSource sourceWith(List<Account> accounts) {
        InMemoryChangeFeed feed = new InMemoryChangeFeed("scan", 1, 0, Duration.ofHours(24), Clock.systemUTC());
        InMemoryAccountTable table = new InMemoryAccountTable(2, feed);
        accounts.forEach(table::put);
        return table;
    }
}
