package org.accountstream.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.accountstream.adapters.dynamodb.AccountAttributes;
import org.accountstream.adapters.dynamodb.DynamoDbAccountTable;
import org.accountstream.adapters.kinesis.AccountRecordFormat;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.ports.contract.KinesisMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The shaded jar as it is deployed (target/lambda-filter.jar, built in package; this runs in
 * integration-test, after it): what it holds, and the runner it starts, configured only through
 * its arguments and the AWS SDK's environment variables.
 */
class LambdaJarIT {

    private static final Path JAR = Path.of(System.getProperty("lambda.jar", "target/lambda-filter.jar"));
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** Classes of the service and of the test tools; none may be in a Lambda's jar. */
    private static final List<String> FORBIDDEN = List.of(
            "io/helidon/",                       // the service's web server
            "io/grpc/", "com/google/protobuf/",  // gRPC server and its wire format
            "io/netty/",                         // Netty (gRPC's, the SDK's async client's)
            "software/amazon/awssdk/http/nio/",  // the SDK's Netty client
            "software/amazon/awssdk/http/apache/", "org/apache/http/",
            "software/amazon/dynamodb/",         // DynamoDB Local
            "org/eclipse/jetty/",                // its HTTP server
            "com/almworks/sqlite4java/",         // its database
            "org/apache/logging/log4j/", "org/antlr/",
            "org/joda/time/",
            "org/accountstream/ports/", "org/accountstream/aws/", "org/accountstream/app/", "org/accountstream/application/",
            "org/accountstream/demo/",
            "org/accountstream/wire/", "org/accountstream/adapters/dynamodb/", "org/accountstream/adapters/memory/",
            "org/accountstream/adapters/grpc/",
            "org/junit/", "org/assertj/");

    private final Map<Process, Path> outputs = new HashMap<>();

    @TempDir
    Path directory;

    @Test
    void theJarHoldsTheFilterAndWhatItUsesAndNothingOfTheService() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Set<String> entries = jar.stream().map(JarEntry::getName).collect(Collectors.toSet());

            assertThat(entries).contains(
                    "org/accountstream/lambda/FilterHandler.class",
                    "org/accountstream/lambda/local/LocalRunner.class",
                    "org/accountstream/adapters/kinesis/AccountRecordFormat.class",
                    "org/accountstream/domain/ChangeDerivation.class",
                    "com/amazonaws/services/lambda/runtime/RequestHandler.class",
                    "com/amazonaws/services/lambda/runtime/events/DynamodbEvent.class",
                    "software/amazon/awssdk/services/kinesis/KinesisClient.class",
                    "software/amazon/awssdk/services/dynamodb/streams/DynamoDbStreamsClient.class",
                    "software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class");
            assertThat(entries).filteredOn(entry -> FORBIDDEN.stream().anyMatch(entry::startsWith)).isEmpty();
            assertThat(entries).filteredOn(entry -> entry.endsWith(".so") || entry.endsWith(".dll")
                    || entry.endsWith(".dylib") || entry.endsWith(".jnilib")).isEmpty();
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("org.accountstream.lambda.Main");
            String httpClients = new String(jar.getInputStream(
                    jar.getEntry("META-INF/services/software.amazon.awssdk.http.SdkHttpService")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertThat(httpClients.lines().filter(line -> !line.startsWith("#")).map(String::strip)
                    .filter(line -> !line.isEmpty())).containsExactly(
                    "software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService");
        }
    }

    @Test
    void mistakenArgumentsAreNamedWithTheUsageAndExitWithStatus2() throws Exception {
        Process noCommand = start(List.of(), Map.of());
        assertThat(noCommand.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(noCommand.exitValue()).isEqualTo(2);
        assertThat(output(noCommand)).contains("usage: java -jar lambda-filter.jar local --table <table>",
                "the handler is org.accountstream.lambda.FilterHandler");

        Process noTable = start(List.of("local", "--stream", "accounts"), Map.of());
        assertThat(noTable.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(noTable.exitValue()).isEqualTo(2);
        assertThat(output(noTable)).startsWith("--table is required\nusage: java -jar lambda-filter.jar local");
    }

    /**
     * DynamoDB Local and kinesis-mock, each reached through the SDK's AWS_ENDPOINT_URL_* variable
     * only; SIGTERM ends the runner after the batch under way, its checkpoint written.
     */
    @Test
    void theRunnerFeedsKinesisFromTheEndpointsOfItsEnvironmentAndStopsOnSigterm() throws Exception {
        Account account = new Account(UUID.randomUUID(), 15_557_770_000L, true, null, null);
        Path checkpoint = directory.resolve("checkpoint");
        try (KinesisMock kinesisMock = KinesisMock.startForTests(Map.of("changes", 1));
             KinesisClient kinesis = KinesisRecords.client(kinesisMock.endpoint());
             DynamoDbLocalOverHttp dynamoDb = new DynamoDbLocalOverHttp();
             DynamoDbClient tables = dynamoDb.client()) {
            DynamoDbAccountTable table = new DynamoDbAccountTable(tables, "accounts", AccountAttributes.defaults());
            table.createIfMissing();
            table.put(account);

            Process runner = start(
                    List.of("local", "--table", "accounts", "--stream", "changes", "--checkpoint-file",
                            checkpoint.toString(), "--verbose"),
                    Map.of("AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.endpoint().toString(),
                            "AWS_ENDPOINT_URL_DYNAMODB_STREAMS", dynamoDb.endpoint().toString(),
                            "AWS_ENDPOINT_URL_KINESIS", kinesisMock.endpoint().toString(),
                            "AWS_REGION", "us-east-1",
                            "AWS_ACCESS_KEY_ID", "test",
                            "AWS_SECRET_ACCESS_KEY", "test"));
            try {
                awaitRecord(kinesis, account, runner);
            } finally {
                runner.destroy(); // SIGTERM
            }

            assertThat(runner.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("stopped").isTrue();
            String log = output(runner);
            assertThat(runner.exitValue()).as(log).isEqualTo(143); // 128 + SIGTERM, after the shutdown hooks
            assertThat(log).contains("feeding the filter from the stream of table accounts to Kinesis stream changes",
                    "records " /* the line per batch */, "stopping...", "stopped: 1 stream records in 1 batches");
            assertThat(Files.readString(checkpoint)).contains(" after ");
        }
    }

    private void awaitRecord(KinesisClient kinesis, Account account, Process runner) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String key = AccountRecordFormat.partitionKey(account.aci());
        while (!KinesisRecords.byPartitionKey(kinesis, "changes").containsKey(key)) {
            if (!runner.isAlive() || System.nanoTime() - deadline > 0) {
                throw new AssertionError("no record in Kinesis; the runner said:\n" + output(runner));
            }
            Thread.sleep(100);
        }
        assertThat(KinesisRecords.byPartitionKey(kinesis, "changes").get(key))
                .containsExactly(new AccountChange.Upsert(account));
    }

    /** {@code java -jar lambda-filter.jar arguments...} with {@code environment} added, its output into a file. */
    private Process start(List<String> arguments, Map<String, String> environment) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", JAR.toString()));
        command.addAll(arguments);
        Path output = Files.createTempFile(directory, "runner", ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        outputs.put(process, output);
        return process;
    }

    private String output(Process process) throws IOException {
        return Files.readString(outputs.get(process));
    }
}
