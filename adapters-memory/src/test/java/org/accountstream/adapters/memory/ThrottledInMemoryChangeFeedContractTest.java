package org.accountstream.adapters.memory;

import org.accountstream.ports.contract.ChangeFeedContract;
import org.accountstream.ports.contract.ChangeFeedHarness;

/** The contract again with one read per shard per second, so most repeated reads answer "throttled". */
class ThrottledInMemoryChangeFeedContractTest extends ChangeFeedContract {

    @Override
    protected ChangeFeedHarness newHarness() {
        return new MemoryFeedHarness(1);
    }
}
