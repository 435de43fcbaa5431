package org.accountstream.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.MessageFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.accountstream.aws.Backoff;
import org.accountstream.domain.Account;
import org.accountstream.ports.contract.Eventually;
import org.accountstream.ports.contract.TestAccounts;
import org.accountstream.ports.out.SourceUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;

@Timeout(60)
class DynamoDbSnapshotSourceTest {

    private static final Backoff QUICK = new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), 5);

    private final TestAccounts accounts = new TestAccounts(42);
    private final AccountAttributes attributes = AccountAttributes.defaults();
    private final LocalDynamoDb table = LocalDynamoDb.withoutStream();

    @AfterEach
    void shutDown() {
        table.close();
    }

    @Test
    void twentyThousandAccountsOverSixteenSegmentsArriveExactlyOnce() throws Exception {
        List<Account> seeded = IntStream.range(0, 20_000).mapToObj(i -> accounts.next()).toList();
        table.putAll(seeded);
        DynamoDbSnapshotSource source = source(table.client(), DynamoDbSnapshotSource.Settings.defaults().withSegments(16));

        List<List<List<Account>>> scan = scanInParallel(source);

        List<Account> all = scan.stream().flatMap(List::stream).flatMap(List::stream).toList();
        assertThat(all).hasSize(20_000);
        assertThat(all.stream().map(Account::aci).collect(Collectors.toSet())).hasSize(20_000);
        assertThat(all).containsExactlyInAnyOrderElementsOf(seeded);
        assertThat(scan).as("every segment holds some of 20,000 random keys").allSatisfy(s -> assertThat(s).isNotEmpty());
        assertThat(source.itemsScanned()).isEqualTo(20_000);
        assertThat(source.itemsSkipped()).isZero();
    }

    @Test
    void segmentsArePaginatedByLastEvaluatedKey() throws Exception {
        List<Account> seeded = IntStream.range(0, 1_000).mapToObj(i -> accounts.next()).toList();
        table.putAll(seeded);
        ScriptedDynamoDbClient client = new ScriptedDynamoDbClient(table.client());
        DynamoDbSnapshotSource source = source(client,
                DynamoDbSnapshotSource.Settings.defaults().withSegments(2).withPageLimit(100));

        List<List<List<Account>>> scan = scanInParallel(source);

        assertThat(scan.stream().flatMap(List::stream).flatMap(List::stream).toList())
                .containsExactlyInAnyOrderElementsOf(seeded);
        assertThat(scan).allSatisfy(pages -> assertThat(pages.size()).isGreaterThanOrEqualTo(4));
        assertThat(client.requests).filteredOn(r -> r.exclusiveStartKey() != null && !r.exclusiveStartKey().isEmpty())
                .as("follow-up pages start after the last evaluated key").isNotEmpty();
        assertThat(client.requests).allSatisfy(r -> {
            assertThat(r.totalSegments()).isEqualTo(2);
            assertThat(r.limit()).isEqualTo(100);
            assertThat(r.consistentRead()).isTrue();
        });
    }

    @Test
    void projectionReadsOnlyTheServedAttributes() throws Exception {
        for (int i = 0; i < 50; i++) {
            Map<String, AttributeValue> item = new HashMap<>(attributes.encode(accounts.next()));
            item.put("lastSeen", AttributeValue.fromN("1700000000"));
            item.put("profile", AttributeValue.fromS("x".repeat(1000)));
            table.putItem(item);
        }
        ScriptedDynamoDbClient client = new ScriptedDynamoDbClient(table.client());
        DynamoDbSnapshotSource source = source(client, DynamoDbSnapshotSource.Settings.defaults().withSegments(4));

        assertThat(scanInParallel(source).stream().flatMap(List::stream).mapToInt(List::size).sum()).isEqualTo(50);

        List<Map<String, AttributeValue>> items = client.responses.stream().flatMap(r -> r.items().stream()).toList();
        assertThat(items).hasSize(50).allSatisfy(item -> assertThat(attributes.served()).containsAll(item.keySet()));
        assertThat(client.requests.getFirst().expressionAttributeNames().values())
                .containsExactlyInAnyOrderElementsOf(attributes.served());
    }

    @Test
    void malformedItemsAreSkippedCountedAndLoggedByKey() throws Exception {
        List<Account> good = IntStream.range(0, 40).mapToObj(i -> accounts.next()).toList();
        good.forEach(table::put);
        List<UUID> malformed = new ArrayList<>();
        for (var broken : List.<Map.Entry<String, AttributeValue>>of(
                Map.entry("P", AttributeValue.fromS("14155550000")),
                Map.entry("C", AttributeValue.fromS("yes")),
                Map.entry("PNI", AttributeValue.fromS("not a uuid")),
                Map.entry("UAK", AttributeValue.fromN("7")))) {
            Account account = accounts.next();
            Map<String, AttributeValue> item = new HashMap<>(attributes.encode(account));
            item.put(broken.getKey(), broken.getValue());
            table.putItem(item);
            malformed.add(account.aci());
        }
        Account numberless = accounts.next();
        Map<String, AttributeValue> item = new HashMap<>(attributes.encode(numberless));
        item.remove("P");
        table.putItem(item);
        malformed.add(numberless.aci());
        DynamoDbSnapshotSource source = source(table.client(), DynamoDbSnapshotSource.Settings.defaults().withSegments(3));

        List<LogRecord> warnings = Collections.synchronizedList(new ArrayList<>());
        Logger logger = Logger.getLogger(DynamoDbSnapshotSource.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            assertThat(scanInParallel(source).stream().flatMap(List::stream).flatMap(List::stream).toList())
                    .containsExactlyInAnyOrderElementsOf(good);
        } finally {
            logger.removeHandler(capture);
        }

        assertThat(source.itemsSkipped()).isEqualTo(5);
        assertThat(source.itemsScanned()).isEqualTo(45);
        List<String> messages = warnings.stream()
                .map(r -> new MessageFormat(r.getMessage()).format(r.getParameters()))
                .toList();
        assertThat(messages).hasSize(5);
        for (UUID aci : malformed) {
            assertThat(messages).anySatisfy(m -> assertThat(m).contains("U=" + aci));
        }
        assertThat(messages).noneSatisfy(m -> assertThat(m).contains("1415555"));
    }

    @Test
    void scanSurvivesThrottling() throws Exception {
        List<Account> seeded = IntStream.range(0, 300).mapToObj(i -> accounts.next()).toList();
        table.putAll(seeded);
        ScriptedDynamoDbClient client = new ScriptedDynamoDbClient(table.client());
        client.failNextScans(
                ProvisionedThroughputExceededException.builder().message("slow down").build(),
                RequestLimitExceededException.builder().message("account limit").build(),
                ThrottlingException.builder().message("throttled").build(),
                throttlingByErrorCode());
        DynamoDbSnapshotSource source = source(client,
                DynamoDbSnapshotSource.Settings.defaults().withSegments(1).withBackoff(QUICK));

        List<Account> scanned = new ArrayList<>();
        source.scanSegment(0, scanned::addAll);

        assertThat(scanned).containsExactlyInAnyOrderElementsOf(seeded);
        assertThat(source.throttledScans()).isEqualTo(4);
        assertThat(client.scanCalls()).isEqualTo(5);
    }

    @Test
    void throttlingThatOutlastsTheBackoffFailsTheScan() {
        ScriptedDynamoDbClient client = new ScriptedDynamoDbClient(table.client());
        for (int i = 0; i < 10; i++) {
            client.failNextScans(ProvisionedThroughputExceededException.builder().message("slow down").build());
        }
        DynamoDbSnapshotSource source = source(client, DynamoDbSnapshotSource.Settings.defaults()
                .withSegments(1).withBackoff(new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), 3)));

        assertThatThrownBy(() -> source.scanSegment(0, page -> { }))
                .isInstanceOf(SourceUnavailableException.class)
                .hasCauseInstanceOf(ProvisionedThroughputExceededException.class);
        assertThat(client.scanCalls()).isEqualTo(4);
    }

    @Test
    void anOutageAfterTheSdksOwnRetriesTellsClientsToComeBackLater() {
        ScriptedDynamoDbClient client = new ScriptedDynamoDbClient(table.client());
        client.failNextScans(DynamoDbException.builder().message("internal").statusCode(500).build());
        DynamoDbSnapshotSource source = source(client,
                DynamoDbSnapshotSource.Settings.defaults().withSegments(1).withBackoff(QUICK));

        assertThatThrownBy(() -> source.scanSegment(0, page -> { }))
                .isInstanceOf(SourceUnavailableException.class).hasCauseInstanceOf(DynamoDbException.class);
        assertThat(client.scanCalls()).as("the SDK retried it already").isEqualTo(1);
    }

    @Test
    void aRequestDynamoDbRefusesIsNeitherRetriedNorCalledAnOutage() {
        ScriptedDynamoDbClient client = new ScriptedDynamoDbClient(table.client());
        client.failNextScans(ResourceNotFoundException.builder().message("no such table").statusCode(400).build());
        DynamoDbSnapshotSource source = source(client,
                DynamoDbSnapshotSource.Settings.defaults().withSegments(1).withBackoff(QUICK));

        assertThatThrownBy(() -> source.scanSegment(0, page -> { })).isInstanceOf(ResourceNotFoundException.class);
        assertThat(client.scanCalls()).isEqualTo(1);
    }

    @Test
    void interruptDuringBackoffStopsTheScan() throws Exception {
        ScriptedDynamoDbClient client = new ScriptedDynamoDbClient(table.client());
        for (int i = 0; i < 10; i++) {
            client.failNextScans(ProvisionedThroughputExceededException.builder().message("slow down").build());
        }
        DynamoDbSnapshotSource source = source(client, DynamoDbSnapshotSource.Settings.defaults()
                .withSegments(1).withBackoff(new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(30), 5)));
        AtomicReference<Thread> scanning = new AtomicReference<>();
        try (ExecutorService thread = Executors.newSingleThreadExecutor()) {
            Future<?> scan = thread.submit(() -> {
                scanning.set(Thread.currentThread());
                source.scanSegment(0, page -> { });
                return null;
            });
            Eventually.await("the scan sleeps in its backoff", Eventually.PATIENCE,
                    () -> scanning.get() != null && sleepsInBackoff(scanning.get()));
            int callsAtInterrupt = client.scanCalls();
            scan.cancel(true);
            thread.shutdown();
            assertThat(thread.awaitTermination(5, TimeUnit.SECONDS)).as("the scan stopped").isTrue();
            // At most the call the interrupt raced with (the jittered pause may be short): no retrying on.
            assertThat(client.scanCalls()).isLessThanOrEqualTo(callsAtInterrupt + 1);
        }
    }

    private static boolean sleepsInBackoff(Thread thread) {
        return thread.getState() == Thread.State.TIMED_WAITING && Arrays.stream(thread.getStackTrace())
                .anyMatch(frame -> frame.getClassName().equals(Backoff.class.getName()));
    }

    @Test
    void defaultsToSixtyFourSegmentsAndRefusesOthers() {
        DynamoDbSnapshotSource source = source(table.client(), DynamoDbSnapshotSource.Settings.defaults());

        assertThat(source.segmentCount()).isEqualTo(64);
        assertThatThrownBy(() -> source.scanSegment(64, page -> { })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> source.scanSegment(-1, page -> { })).isInstanceOf(IllegalArgumentException.class);
    }

    private DynamoDbSnapshotSource source(DynamoDbClient client,
                                         DynamoDbSnapshotSource.Settings settings) {
        return new DynamoDbSnapshotSource(client, LocalDynamoDb.TABLE, attributes, settings);
    }

    private static DynamoDbException throttlingByErrorCode() {
        return (DynamoDbException) DynamoDbException.builder().message("throttled")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build())
                .statusCode(400).build();
    }

    /** Pages of every segment, segment by segment, the segments scanned at once. */
    private static List<List<List<Account>>> scanInParallel(DynamoDbSnapshotSource source) throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<List<Account>>>> segments = new ArrayList<>();
            for (int segment = 0; segment < source.segmentCount(); segment++) {
                int s = segment;
                segments.add(threads.submit(() -> {
                    List<List<Account>> pages = new ArrayList<>();
                    source.scanSegment(s, page -> pages.add(List.copyOf(page)));
                    return pages;
                }));
            }
            List<List<List<Account>>> scan = new ArrayList<>();
            for (Future<List<List<Account>>> segment : segments) {
                scan.add(segment.get());
            }
            return scan;
        }
    }
}
