package org.accountstream.adapters.kinesis;

import java.time.Duration;
import org.accountstream.domain.Account;
import org.accountstream.domain.ChangeDerivation;
import org.accountstream.ports.contract.ChangeFeedHarness;
import org.accountstream.ports.out.ChangeFeed;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A fresh Kinesis stream on kinesis-mock for the feed contract, written as the filter Lambda
 * writes it: the changes DESIGN §3 derives from each write, one record per change. Its feed
 * allows no clock skew: the mock runs on this machine's clock, and the contract's "a write before
 * the head is not read from it" holds only then (with skew, such writes are replayed, harmlessly).
 */
final class KinesisFeedHarness implements ChangeFeedHarness {

    private final KinesisTestStream stream;
    private final KinesisChangeFeed feed;

    KinesisFeedHarness(KinesisClient kinesis, int shards) {
        this.stream = KinesisTestStream.create(kinesis, shards);
        this.feed = KinesisChangeFeed.forStream(kinesis, stream.name(),
                KinesisChangeFeed.Settings.defaults().withClockSkew(Duration.ZERO));
    }

    KinesisTestStream stream() {
        return stream;
    }

    @Override
    public KinesisChangeFeed feed() {
        return feed;
    }

    @Override
    public void write(Account before, Account after) {
        stream.put(ChangeDerivation.derive(before, after));
    }

    @Override
    public boolean movesAreOneRecord() {
        return false;
    }

    @Override
    public boolean canReshard() {
        return true;
    }

    @Override
    public void reshard() {
        stream.reshard();
    }

    @Override
    public void close() {
        stream.close();
    }
}
