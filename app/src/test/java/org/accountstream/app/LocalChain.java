package org.accountstream.app;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.accountstream.adapters.dynamodb.DynamoDbSnapshotSource;
import org.accountstream.adapters.kinesis.KinesisTestStream;
import org.accountstream.demo.DemoLoad;
import org.accountstream.demo.EmbeddedDemo;
import org.accountstream.domain.Account;
import org.accountstream.ports.contract.KinesisMock;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Signal's whole chain on this machine, as {@code scripts/run-kinesis-chain.sh} runs it: DynamoDB
 * Local serving the demo table over HTTP (its writer idle: the test writes), its DynamoDB stream
 * read by the filter Lambda under the local event-source runner ({@code lambda-filter.jar local},
 * a process of its own), which writes to a Kinesis stream of several shards on kinesis-mock, read
 * by the application.
 */
final class LocalChain implements AutoCloseable {

    /** Tests run in the module's directory, benchmarks in the repository's. */
    private static final Path LAMBDA_JAR = (Files.isDirectory(Path.of("lambda-filter")) ? Path.of("") : Path.of(".."))
            .resolve("lambda-filter/target/lambda-filter.jar");

    final EmbeddedDemo table;
    final KinesisMock mock;
    final KinesisClient kinesis;
    private final KinesisAsyncClient pushKinesis;
    final KinesisTestStream stream;
    private final Process runner;
    private final Path runnerLog;

    LocalChain(int accounts, int shards) throws IOException, InterruptedException {
        AppSettings defaults = AppSettings.from(Config.just(ConfigSources.create(Map.of())));
        table = EmbeddedDemo.start(new EmbeddedDemo.Settings(defaults.dynamo().table(),
                defaults.dynamo().attributes(), 0), new DemoLoad(accounts, 1, Duration.ofNanos(1)));
        List<AutoCloseable> started = new ArrayList<>(List.of(table::close));
        try {
            table.writer().stop();
            mock = KinesisMock.startForTests(Map.of());
            started.add(mock);
            kinesis = KinesisTestStream.client(mock.endpoint());
            started.add(kinesis);
            pushKinesis = KinesisTestStream.asyncClient(mock.endpoint());
            started.add(pushKinesis);
            stream = KinesisTestStream.create(kinesis, shards);
            runnerLog = Files.createTempFile("lambda-filter-runner", ".log");
            runner = startRunner();
        } catch (IOException | RuntimeException e) {
            StartCleanup.close(e, started.reversed().toArray(AutoCloseable[]::new));
            throw e;
        }
    }

    /** How the application reads the changes: the Kinesis stream (polled or pushed) or, for comparison, the table's own stream. */
    enum Reading { KINESIS_POLLING, KINESIS_FAN_OUT, DYNAMODB_STREAMS }

    /** The application reading the table and, as {@code reading} says, its changes. */
    AccountStreamApp start(Reading reading, Map<String, String> overrides) {
        Map<String, String> values = RunningApp.loopback(Map.of(
                "accountstream.mode", "aws",
                "accountstream.token.keys", RunningApp.TOKEN_KEY));
        values.putAll(overrides);
        Config config = Config.just(ConfigSources.create(values));
        AppSettings settings = AppSettings.from(config);
        TableHome.DynamoDb home = TableHome.DynamoDb.borrowing(table.tables(), table.streams());
        boolean fanOut = reading == Reading.KINESIS_FAN_OUT;
        AppSettings.Kinesis kinesisSettings = new AppSettings.Kinesis(stream.name(), settings.kinesis().clockSkew(),
                settings.kinesis().readsPerSecondPerShard(), fanOut, "accountstream-chain-test");
        Sources sources = switch (reading) {
            case KINESIS_POLLING, KINESIS_FAN_OUT -> Sources.kinesis(home, settings.dynamo(), kinesisSettings,
                    kinesis, fanOut ? pushKinesis : null, () -> { });
            case DYNAMODB_STREAMS -> Sources.dynamoDbStreams(home, settings.dynamo());
        };
        return AccountStreamApp.startWith(config, settings, sources);
    }

    /** What a consumer of the whole table should hold now, read by a fresh parallel scan. */
    Map<Long, Account> expected() throws InterruptedException {
        return TableView.expected(new DynamoDbSnapshotSource(table.tables(), table.table().name(),
                AppSettings.from(Config.just(ConfigSources.create(Map.of()))).dynamo().attributes(),
                DynamoDbSnapshotSource.Settings.defaults().withSegments(8)));
    }

    /** {@code java -jar lambda-filter.jar local}, reaching both stand-ins through the SDK's endpoint variables. */
    private Process startRunner() throws IOException {
        if (!Files.isRegularFile(LAMBDA_JAR)) {
            throw new IllegalStateException(LAMBDA_JAR + " is missing: build it (./mvnw package) first");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", LAMBDA_JAR.toString(), "local",
                "--table", table.table().name(), "--stream", stream.name())
                .redirectErrorStream(true)
                .redirectOutput(runnerLog.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        builder.environment().putAll(Map.of(
                "AWS_ENDPOINT_URL_DYNAMODB", table.endpoint().toString(),
                "AWS_ENDPOINT_URL_DYNAMODB_STREAMS", table.endpoint().toString(),
                "AWS_ENDPOINT_URL_KINESIS", mock.endpoint().toString(),
                "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test"));
        return builder.start();
    }

    @Override
    public void close() throws Exception {
        runner.destroy(); // SIGTERM: it checkpoints and says so
        if (!runner.waitFor(30, TimeUnit.SECONDS)) {
            runner.destroyForcibly();
        }
        pushKinesis.close();
        kinesis.close();
        mock.close();
        table.close();
        Files.deleteIfExists(runnerLog);
    }
}
