package org.accountstream.adapters.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.Horizon;
import org.accountstream.domain.Position;
import org.accountstream.ports.contract.KinesisMock;
import org.accountstream.ports.contract.TestAccounts;
import org.accountstream.ports.out.ShardReadResult;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;

/**
 * Kinesis reads a position older than the retention from the oldest record left, without an
 * error; the feed answers Trimmed instead once a read comes that close to the retention
 * ({@code millisBehindLatest}, made old here: kinesis-mock never trims and its records are new).
 */
class KinesisRetentionTest {

    /** Makes every GetRecords answer look {@code behind} behind the tip while set. */
    private static final class Lag implements ExecutionInterceptor {
        private volatile Duration behind;

        @Override
        public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
            Duration lag = behind;
            return lag != null && context.response() instanceof GetRecordsResponse response
                    ? response.toBuilder().millisBehindLatest(lag.toMillis()).build()
                    : context.response();
        }
    }

    @Test
    void aReadThatComesCloseToTheRetentionAnswersTrimmed() throws Exception {
        Lag lag = new Lag();
        try (KinesisMock mock = KinesisMock.startForTests(Map.of());
             KinesisClient kinesis = KinesisTestStream.client(mock.endpoint(), lag);
             KinesisTestStream stream = KinesisTestStream.create(kinesis, 1)) {
            KinesisChangeFeed feed = KinesisChangeFeed.forStream(kinesis, stream.name(),
                    KinesisChangeFeed.Settings.defaults().withReadsPerSecondPerShard(0));
            Horizon head = feed.captureHead();
            String shard = head.shardIds().iterator().next();
            stream.put(List.of(AccountChange.servedStateOf(new TestAccounts(3).next())));
            Duration retention = Duration.ofHours(24); // the mock's, as a new stream's on AWS

            lag.behind = retention.minus(KinesisChangeFeed.TRIM_MARGIN).minusMinutes(1);
            assertThat(feed.read(shard, Position.notStarted(), 10)).as("an hour and more inside the retention")
                    .isInstanceOf(ShardReadResult.Batch.class);

            lag.behind = retention.minus(KinesisChangeFeed.TRIM_MARGIN);
            assertThat(feed.read(shard, Position.notStarted(), 10)).as("at the margin")
                    .isInstanceOf(ShardReadResult.Trimmed.class);
            lag.behind = retention.plusHours(1);
            assertThat(feed.read(shard, head.positionOf(shard), 10)).as("past the retention")
                    .isInstanceOf(ShardReadResult.Trimmed.class);
        }
    }
}
