package org.accountstream.adapters.memory;

import org.accountstream.ports.contract.ChangeFeedContract;
import org.accountstream.ports.contract.ChangeFeedHarness;

class InMemoryChangeFeedContractTest extends ChangeFeedContract {

    @Override
    protected ChangeFeedHarness newHarness() {
        return new MemoryFeedHarness(0);
    }
}
