package org.accountstream.lambda.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.accountstream.adapters.kinesis.AccountRecordFormat;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange.Removal;
import org.accountstream.domain.AccountChange.Upsert;
import org.accountstream.domain.AccountChange;
import org.accountstream.lambda.ChangeFilter;
import org.accountstream.lambda.FailingKinesis;
import org.accountstream.lambda.FilterSettings;
import org.accountstream.lambda.ImageAttributes;
import org.accountstream.lambda.KinesisRecords;
import org.accountstream.lambda.local.LocalEventSource.StartingPosition;
import org.accountstream.ports.contract.KinesisMockExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The whole chain on one machine: DynamoDB Local's stream, the runner, the filter, kinesis-mock.
 * Tests wait for the records they expect to reach Kinesis, then check each account's order.
 */
class LocalEventSourceTest {

    private static final String STREAM = "accounts";
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final AtomicLong NUMBERS = new AtomicLong(16_660_000_000L);

    @RegisterExtension
    static final KinesisMockExtension KINESIS = new KinesisMockExtension(Map.of(STREAM, 2));

    private static KinesisClient kinesis;

    private final LocalTable table = new LocalTable();
    private final FailingKinesis writes = new FailingKinesis(kinesis);
    private final ChangeFilter filter =
            ChangeFilter.create(new FilterSettings(STREAM, ImageAttributes.defaults()), writes);
    private Running running;

    @TempDir
    Path directory;

    @BeforeAll
    static void clients() {
        kinesis = KINESIS.closesAfterAll(KinesisRecords.client(KINESIS.endpoint()));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (running != null) {
            running.stop();
        }
        table.close();
    }

    @Test
    void everyKindOfWriteReachesKinesisInEachAccountsOrder() throws Exception {
        Account a = account(true);
        Account aMoved = withNumber(a, nextNumber());
        Account b = account(false);
        Account bShown = new Account(b.aci(), b.e164(), true, b.pni(), b.uak());
        table.put(a);
        table.put(b);
        table.put(aMoved);
        table.touch(aMoved, 1_700_000_000L); // consumers see nothing of it
        table.put(bShown);
        table.delete(a.aci());

        running = Running.start(open(null, StartingPosition.TRIM_HORIZON));

        awaitInKinesis(written -> written.getOrDefault(key(a), List.of()).size() == 4
                && written.getOrDefault(key(b), List.of()).size() == 2);
        assertThat(written(a)).containsExactly(new Upsert(a), new Removal(a.e164(), a.aci()), new Upsert(aMoved),
                new Removal(aMoved.e164(), a.aci()));
        assertThat(written(b)).containsExactly(new Removal(b.e164(), b.aci()), new Upsert(bShown));
    }

    /** A's removal fails twice; the runner retries from A's move, not from the batch's first record. */
    @Test
    void aBatchIsRetriedFromTheRecordTheFilterNames() throws Exception {
        Account a = account(true);
        Account aMoved = withNumber(a, nextNumber());
        table.put(a);
        table.put(aMoved);
        byte[] removalOfA = AccountRecordFormat.encode(new Removal(a.e164(), a.aci()));
        AtomicInteger failuresLeft = new AtomicInteger(2);
        writes.failRecords(entry -> Arrays.equals(entry.data().asByteArrayUnsafe(), removalOfA)
                && failuresLeft.getAndDecrement() > 0);

        running = Running.start(open(null, StartingPosition.TRIM_HORIZON));

        awaitInKinesis(written -> written.getOrDefault(key(a), List.of()).size() >= 3);
        assertThat(failuresLeft.get()).as("both failures happened").isNegative();
        assertThat(written(a)).as("A's insert, before the failed record, is not written again")
                .containsExactly(new Upsert(a), new Removal(a.e164(), a.aci()), new Upsert(aMoved));
    }

    @Test
    void aRestartResumesAfterTheCheckpointNeitherRepeatingNorLosing() throws Exception {
        Path checkpoint = directory.resolve("checkpoint");
        Account a = account(true);
        Account aMoved = withNumber(a, nextNumber());
        Account b = account(true);
        table.put(a);
        running = Running.start(open(checkpoint, StartingPosition.TRIM_HORIZON));
        awaitInKinesis(written -> written.containsKey(key(a)));
        running.stop();
        running = null;
        assertThat(Files.readString(checkpoint)).contains("stream " + table.stream().streamArn(), " after ");

        table.put(aMoved);
        table.put(b);
        running = Running.start(open(checkpoint, StartingPosition.LATEST)); // a checkpoint wins over a position

        awaitInKinesis(written -> written.containsKey(key(b)));
        assertThat(written(a)).containsExactly(new Upsert(a), new Removal(a.e164(), a.aci()), new Upsert(aMoved));
        assertThat(written(b)).containsExactly(new Upsert(b));
    }

    @Test
    void latestSkipsWhatWasWrittenBeforeTheStart() throws Exception {
        Account before = account(true);
        Account after = account(true);
        table.put(before);
        LocalEventSource source = open(null, StartingPosition.LATEST);
        table.put(after);

        running = Running.start(source);

        awaitInKinesis(written -> written.containsKey(key(after)));
        assertThat(written(before)).isEmpty();
    }

    /**
     * Each rollover closes the shard that holds A's writes so far and opens a child for the next
     * ones; all are in the stream before the runner starts. In batches of one record, a runner
     * that read the shards side by side would write A's later states before its earlier ones.
     */
    @Test
    void shardsAreReadParentsFirstAcrossRollovers() throws Exception {
        Account a = account(true);
        Account aMoved = withNumber(a, nextNumber());
        Account aHidden = new Account(a.aci(), aMoved.e164(), false, null, null);
        Path checkpoint = directory.resolve("checkpoint");
        table.put(a);
        table.put(aMoved);
        table.rollOverShards();
        table.put(aHidden);
        table.put(aMoved);
        table.rollOverShards();
        table.delete(a.aci());
        assertThat(table.stream().list()).hasSize(3);

        running = Running.start(LocalEventSource.open(table.stream(), filter, 1, POLL, checkpoint,
                StartingPosition.TRIM_HORIZON));

        awaitInKinesis(written -> written.getOrDefault(key(a), List.of()).size() == 6);
        Removal removalOfTheNewNumber = new Removal(aMoved.e164(), a.aci());
        assertThat(written(a)).containsExactly(new Upsert(a), new Removal(a.e164(), a.aci()), new Upsert(aMoved),
                removalOfTheNewNumber, new Upsert(aMoved), removalOfTheNewNumber);
        assertThat(Files.readAllLines(checkpoint)).filteredOn(line -> line.endsWith(" ended")).hasSize(2);
    }

    @Test
    void aCheckpointOfAnotherStreamIsRefused() throws Exception {
        Path checkpoint = directory.resolve("checkpoint");
        Files.writeString(checkpoint, "stream arn:aws:dynamodb:us-east-1:000000000000:table/other/stream/x\n");

        assertThatThrownBy(() -> open(checkpoint, StartingPosition.TRIM_HORIZON))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("is of stream arn:aws:dynamodb:us-east-1:000000000000:table/other/stream/x")
                .hasMessageContaining("delete the file to start afresh");
    }

    @Test
    void aTableWithoutAStreamIsRefused() {
        table.tables().updateTable(request -> request.tableName(LocalTable.TABLE)
                .streamSpecification(spec -> spec.streamEnabled(false)));

        assertThatThrownBy(table::stream)
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("table accounts has no stream: enable one with the view type NEW_AND_OLD_IMAGES");
        assertThatThrownBy(() -> StreamShards.ofTable(table.tables(), table.streams(), "nothing"))
                .isInstanceOf(UsageException.class)
                .hasMessage("there is no DynamoDB table nothing");
    }

    private LocalEventSource open(Path checkpoint, StartingPosition start) {
        return LocalEventSource.open(table.stream(), filter, 100, POLL, checkpoint, start);
    }

    /** Waits until Kinesis holds what {@code expected} looks for (by partition key). */
    private static void awaitInKinesis(Predicate<Map<String, List<AccountChange>>> expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Map<String, List<AccountChange>> written = KinesisRecords.byPartitionKey(kinesis, STREAM);
        while (!expected.test(written)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not in Kinesis within " + PATIENCE + "; it holds " + written);
            }
            Thread.sleep(POLL.toMillis());
            written = KinesisRecords.byPartitionKey(kinesis, STREAM);
        }
    }

    private static List<AccountChange> written(Account account) {
        return KinesisRecords.byPartitionKey(kinesis, STREAM).getOrDefault(key(account), List.of());
    }

    private static String key(Account account) {
        return AccountRecordFormat.partitionKey(account.aci());
    }

    private static Account account(boolean discoverable) {
        return new Account(UUID.randomUUID(), nextNumber(), discoverable, UUID.randomUUID(), new byte[] {7});
    }

    private static Account withNumber(Account account, long e164) {
        return new Account(account.aci(), e164, account.discoverable(), account.pni(), account.uak());
    }

    private static long nextNumber() {
        return NUMBERS.incrementAndGet();
    }

    /** A source running on a thread of its own until stopped. */
    private record Running(LocalEventSource source, Thread thread) {

        static Running start(LocalEventSource source) {
            return new Running(source, Thread.ofPlatform().name("local-event-source").start(source::run));
        }

        void stop() throws InterruptedException {
            source.stop();
            assertThat(source.awaitStopped(Duration.ofSeconds(30))).as("stopped").isTrue();
            thread.join();
        }
    }
}
