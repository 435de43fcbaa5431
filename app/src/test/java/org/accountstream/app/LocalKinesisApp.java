package org.accountstream.app;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.accountstream.adapters.dynamodb.DynamoDbAccountTable;
import org.accountstream.adapters.dynamodb.DynamoDbSnapshotSource;
import org.accountstream.adapters.kinesis.KinesisChangeFeed;
import org.accountstream.adapters.kinesis.KinesisTestStream;
import org.accountstream.demo.DemoWriter;
import org.accountstream.demo.EmbeddedDynamoDb;
import org.accountstream.domain.Account;
import org.accountstream.domain.ChangeDerivation;
import org.accountstream.ports.contract.KinesisMock;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Signal's topology with the filter Lambda's work done by the writer itself: an accounts table
 * in DynamoDB Local and a Kinesis stream of several shards on kinesis-mock, owned by the test so
 * they outlive application restarts. Every write of {@link #writer} also puts the changes it
 * derives into the stream, one record per change keyed by aci, as the Lambda does (the Lambda
 * itself is tested through the whole chain elsewhere). Seeding writes the table alone: the
 * snapshot serves it.
 */
final class LocalKinesisApp implements AutoCloseable {

    final EmbeddedDynamoDb database = EmbeddedDynamoDb.inMemory();
    final AppSettings.Dynamo dynamo = AppSettings.from(Config.just(ConfigSources.create(Map.of()))).dynamo();
    final DynamoDbAccountTable table = new DynamoDbAccountTable(database.tables(), dynamo.table(), dynamo.attributes());
    final KinesisMock mock;
    final KinesisClient kinesis;
    final KinesisTestStream stream;
    final DemoWriter writer;
    private KinesisChangeFeed feed;

    /** @param interceptors what the application's Kinesis calls pass through (e.g. injected throttling) */
    LocalKinesisApp(int seededAccounts, int shards, ExecutionInterceptor... interceptors)
            throws IOException, InterruptedException {
        table.createIfMissing();
        mock = KinesisMock.startForTests(Map.of());
        kinesis = KinesisTestStream.client(mock.endpoint(), interceptors);
        stream = KinesisTestStream.create(kinesis, shards);
        writer = new DemoWriter(DemoWriter.Table.of(this::put, this::delete, table::get, table::putAll), 11);
        writer.seed(seededAccounts);
    }

    /** The application reading this table and stream, on free loopback ports. */
    AccountStreamApp start(Map<String, String> overrides) {
        Map<String, String> values = RunningApp.loopback(Map.of(
                "accountstream.mode", "aws",
                "accountstream.feed", "kinesis",
                "accountstream.kinesis.stream", stream.name(),
                "accountstream.token.keys", RunningApp.TOKEN_KEY));
        values.putAll(overrides);
        Config config = Config.just(ConfigSources.create(values));
        AppSettings settings = AppSettings.from(config);
        Sources sources = Sources.kinesis(TableHome.DynamoDb.borrowing(database.tables(), database.streams()),
                settings.dynamo(), settings.kinesis(), kinesis, null, () -> { });
        feed = (KinesisChangeFeed) sources.feed();
        return AccountStreamApp.startWith(config, settings, sources);
    }

    /** The feed of the application last started: its GetRecords calls. */
    KinesisChangeFeed feed() {
        return feed;
    }

    /** What a consumer of the whole table should hold now, read by a fresh parallel scan. */
    Map<Long, Account> expected() throws InterruptedException {
        return TableView.expected(new DynamoDbSnapshotSource(database.tables(), dynamo.table(),
                dynamo.attributes(), DynamoDbSnapshotSource.Settings.defaults().withSegments(8)));
    }

    /** Writes {@code account} to the table, and its changes to the stream as the Lambda would. */
    void put(Account account) {
        Account before = table.get(account.aci()).orElse(null);
        table.put(account);
        stream.put(ChangeDerivation.derive(before, account));
    }

    private void delete(UUID aci) {
        Optional<Account> before = table.get(aci);
        table.delete(aci);
        before.ifPresent(gone -> stream.put(ChangeDerivation.derive(gone, null)));
    }

    @Override
    public void close() throws InterruptedException {
        writer.stop();
        kinesis.close();
        mock.close();
        database.close();
    }
}
