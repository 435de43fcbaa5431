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
 * The feed under test is the stream's polling feed, or one made over it (enhanced fan-out).
 */
final class KinesisFeedHarness implements ChangeFeedHarness {

    /** Makes the feed under test over the stream's polling feed. */
    interface FeedOver {
        ChangeFeed over(KinesisChangeFeed polling) throws Exception;
    }

    private final KinesisTestStream stream;
    private final KinesisChangeFeed polling;
    private final ChangeFeed feed;

    KinesisFeedHarness(KinesisClient kinesis, int shards) throws Exception {
        this(kinesis, shards, polling -> polling);
    }

    KinesisFeedHarness(KinesisClient kinesis, int shards, FeedOver feedOver) throws Exception {
        this.stream = KinesisTestStream.create(kinesis, shards);
        this.polling = KinesisChangeFeed.forStream(kinesis, stream.name(),
                KinesisChangeFeed.Settings.defaults().withClockSkew(Duration.ZERO));
        this.feed = feedOver.over(polling);
    }

    KinesisTestStream stream() {
        return stream;
    }

    KinesisChangeFeed pollingFeed() {
        return polling;
    }

    @Override
    public ChangeFeed feed() {
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
    public void close() throws Exception {
        if (feed instanceof AutoCloseable closeable) {
            closeable.close();
        }
        stream.close();
    }
}
