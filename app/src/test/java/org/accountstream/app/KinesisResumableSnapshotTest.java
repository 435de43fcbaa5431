package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.accountstream.adapters.dynamodb.DynamoDbAccountTable;
import org.accountstream.adapters.dynamodb.DynamoDbSnapshotSource;
import org.accountstream.demo.DemoWriter;
import org.accountstream.domain.Replica;
import org.accountstream.domain.TokenCheck.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A mid-snapshot token presented to a server that snapshots another table under the same Kinesis
 * stream (the feed is the same, the table another, e.g. one restored from a backup): the stream
 * starts over with clear_all, counted as another table. (With DynamoDB Streams another table
 * brings another stream, so such a token is of another feed; and the in-process DynamoDB Local
 * client cannot delete a table, so the table is not deleted and created again here.)
 */
@Timeout(120)
class KinesisResumableSnapshotTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final byte[] WHOLE_TABLE = new byte[0];
    private static final Map<String, String> SMALL_PAGES = Map.of("accountstream.page-size", "100");

    @Test
    void aMidSnapshotTokenOfAnotherTableUnderTheSameStreamStartsOver() throws Exception {
        try (LocalKinesisApp local = new LocalKinesisApp(2_000, 2)) {
            Replica replica = new Replica();
            AccountStreamApp first = local.start(SMALL_PAGES);
            RunningApp.awaitReady(first);
            ManagedChannel channel = RunningApp.channel(first);
            try (StreamClient client = StreamClient.resumable(channel, WHOLE_TABLE, WHOLE_TABLE, replica)) {
                client.awaitRecords(500, WAIT);
                assertThat(client.datasetCurrent).as("cut off during the snapshot").isFalse();
            } finally {
                RunningApp.closeChannel(channel);
                first.close();
            }
            DynamoDbAccountTable restored = new DynamoDbAccountTable(local.database.tables(), "restored-accounts",
                    local.dynamo.attributes());
            restored.createIfMissing();
            DemoWriter.of(restored, 12).seed(1_000);

            double before = RunningApp.tokensNotHonoured(Reason.OTHER_TABLE);
            Map<String, String> config = new HashMap<>(SMALL_PAGES);
            config.put("accountstream.dynamodb.table", "restored-accounts");
            AccountStreamApp second = local.start(config);
            RunningApp.awaitReady(second);
            ManagedChannel again = RunningApp.channel(second);
            try (StreamClient client = StreamClient.resumable(again, WHOLE_TABLE, WHOLE_TABLE, replica)) {
                assertThat(client.next(WAIT).getClearAll()).isTrue();
                client.awaitDatasetCurrent(WAIT);
                assertThat(client.clearAlls).isOne();
                assertThat(replica.byE164()).isEqualTo(TableView.expected(new DynamoDbSnapshotSource(
                        local.database.tables(), "restored-accounts", local.dynamo.attributes(),
                        DynamoDbSnapshotSource.Settings.defaults())));
            } finally {
                RunningApp.closeChannel(again);
                second.close();
            }
            assertThat(RunningApp.tokensNotHonoured(Reason.OTHER_TABLE) - before).isOne();
        }
    }
}
