package org.accountstream.adapters.dynamodb;

import java.util.List;
import org.accountstream.domain.Account;
import org.accountstream.ports.contract.SnapshotSourceContract;
import org.accountstream.ports.out.SnapshotSource;
import org.junit.jupiter.api.AfterEach;

class DynamoDbSnapshotSourceContractTest extends SnapshotSourceContract {

    private LocalDynamoDb table;

    /** Pages of 200 items over 4 segments, so a segment of {@link #MANY} accounts spans several pages. */
    @Override
    protected SnapshotSource sourceWith(List<Account> accounts) {
        table = LocalDynamoDb.withoutStream();
        table.putAll(accounts);
        return new DynamoDbSnapshotSource(table.client(), LocalDynamoDb.TABLE, AccountAttributes.defaults(),
                DynamoDbSnapshotSource.Settings.defaults().withSegments(4).withPageLimit(200));
    }

    @AfterEach
    void shutDown() {
        if (table != null) {
            table.close();
        }
    }
}
