package org.accountstream.lambda;

import static org.accountstream.lambda.StreamEvents.binary;
import static org.accountstream.lambda.StreamEvents.event;
import static org.accountstream.lambda.StreamEvents.image;
import static org.accountstream.lambda.StreamEvents.insert;
import static org.accountstream.lambda.StreamEvents.modify;
import static org.accountstream.lambda.StreamEvents.remove;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.accountstream.adapters.kinesis.AccountRecordFormat;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange.Removal;
import org.accountstream.domain.AccountChange.Upsert;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.E164;
import org.accountstream.ports.contract.KinesisMockExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The filter against a real Kinesis API (kinesis-mock, two shards): what each kind of write
 * derives, read back with GetRecords per partition key, and what a failed PutRecords leaves for
 * the retry. Every test uses accounts of its own, so they share one stream.
 */
class ChangeFilterTest {

    private static final String STREAM = "accounts";
    private static final AtomicLong NUMBERS = new AtomicLong(15_550_000_000L);
    private static final AtomicLong SEQUENCE = new AtomicLong(100_000_000_000_000_000L);

    @RegisterExtension
    static final KinesisMockExtension KINESIS = new KinesisMockExtension(Map.of(STREAM, 2));

    private static KinesisClient kinesis;

    private final FailingKinesis failing = new FailingKinesis(kinesis);
    private final ChangeFilter filter =
            ChangeFilter.create(new FilterSettings(STREAM, ImageAttributes.defaults()), failing);

    @BeforeAll
    static void clients() {
        kinesis = KINESIS.closesAfterAll(KinesisRecords.client(KINESIS.endpoint()));
    }

    @Test
    void anInsertWritesTheAccountKeyedByItsAci() {
        Account account = account(true);
        Map<String, AttributeValue> item = image(account);

        StreamsEventResponse response = filter.filter(event(insert(sequence(), item)));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(written(account)).containsExactly(new Upsert(account));
        assertThat(item.get("U").getB().remaining()).as("the event's buffers are left unread").isEqualTo(16);
    }

    @Test
    void anInsertOfAnAccountThatIsNotDiscoverableWritesItsRemoval() {
        Account hidden = account(false);

        filter.filter(event(insert(sequence(), image(hidden))));

        assertThat(written(hidden)).containsExactly(new Removal(hidden.e164(), hidden.aci()));
    }

    @Test
    void aDeleteWritesTheRemovalOfTheOldNumberNamingTheAccount() {
        Account account = account(true);

        filter.filter(event(remove(sequence(), image(account))));

        assertThat(written(account)).containsExactly(new Removal(account.e164(), account.aci()));
    }

    @Test
    void aNumberChangeWritesTheRemovalOfTheOldNumberThenTheAccount() {
        Account before = account(true);
        Account after = withNumber(before, nextNumber());

        filter.filter(event(modify(sequence(), image(before), image(after))));

        assertThat(written(before)).containsExactly(new Removal(before.e164(), before.aci()), new Upsert(after));
    }

    @Test
    void aNumberMovingToAnotherAccountIsReleasedByOneAndClaimedByTheOther() {
        Account a = account(true);
        Account aElsewhere = withNumber(a, nextNumber());
        Account b = withNumber(account(true), a.e164());

        filter.filter(event(
                modify(sequence(), image(a), image(aElsewhere)),
                insert(sequence(), image(b))));

        assertThat(written(a)).containsExactly(new Removal(a.e164(), a.aci()), new Upsert(aElsewhere));
        assertThat(written(b)).containsExactly(new Upsert(b));
    }

    @Test
    void aDiscoverabilityFlipWritesARemovalOrTheAccount() {
        Account visible = account(true);
        Account hidden = new Account(visible.aci(), visible.e164(), false, visible.pni(), visible.uak());

        filter.filter(event(
                modify(sequence(), image(visible), image(hidden)),
                modify(sequence(), image(hidden), image(visible))));

        assertThat(written(visible)).containsExactly(new Removal(visible.e164(), visible.aci()), new Upsert(visible));
    }

    @Test
    void aWriteThatChangesNoServedFieldWritesNothing() {
        Account account = account(true);
        Map<String, AttributeValue> later = image(account);
        later.put("lastSeen", new AttributeValue().withN("1800000000"));
        int callsBefore = failing.calls();

        StreamsEventResponse response = filter.filter(event(modify(sequence(), image(account), later)));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(written(account)).isEmpty();
        assertThat(failing.calls()).as("no PutRecords at all").isEqualTo(callsBefore);
        assertThat(filter.recordsRead()).isEqualTo(1);
        assertThat(filter.changesWritten()).isZero();
    }

    @Test
    void aMalformedImageIsCountedLoggedByKeyAndSequenceNumberAndTreatedAsAbsent() {
        Account account = account(true);
        Map<String, AttributeValue> longAci = image(account);
        longAci.put("U", binary(new byte[24]));
        Map<String, AttributeValue> badNumber = image(account);
        badNumber.put("P", new AttributeValue("0049 151 23456"));
        String insertOfLongAci = sequence();
        String repairingWrite = sequence();
        List<LogRecord> logged = new ArrayList<>();

        StreamsEventResponse response = withLog(logged, () -> filter.filter(event(
                insert(insertOfLongAci, longAci),                  // not an account: nothing
                modify(repairingWrite, badNumber, image(account)), // the old image is absent: an insert
                remove(sequence(), badNumber))));                  // deleting what was never served: nothing

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(written(account)).containsExactly(new Upsert(account));
        assertThat(filter.imagesSkipped()).isEqualTo(3);
        assertThat(logged).hasSize(3);
        String first = format(logged.get(0));
        assertThat(first).contains(insertOfLongAci, "U=0x000000", "attribute U is not 16 bytes");
        String second = format(logged.get(1));
        assertThat(second).contains(repairingWrite, "U=" + account.aci(), "attribute P is not a \"+digits\" string");
        assertThat(logged).allSatisfy(line -> assertThat(format(line))
                .doesNotContain(E164.format(account.e164()), "0049 151"));
    }

    @Test
    void aStreamWithoutBothImagesIsRefused() {
        DynamodbStreamRecord keysOnly = insert(sequence(), image(account(true)));
        keysOnly.getDynamodb().setStreamViewType(StreamViewType.KEYS_ONLY);

        assertThatThrownBy(() -> filter.filter(event(keysOnly)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NEW_AND_OLD_IMAGES");
    }

    /**
     * A's number change is a removal then an upsert; the removal fails. Nothing after it of A may
     * be written before it: the answer resumes at A's write, and the retry from there writes A's
     * removal before A's upsert, and the records after it (B's) again, in order.
     */
    @Test
    void aPartialFailureResumesAtTheStreamRecordOfTheFirstFailedRecord() {
        Account a = account(true);
        Account aMoved = withNumber(a, nextNumber());
        Account b = account(true);
        Account bHidden = new Account(b.aci(), b.e164(), false, null, null);
        DynamodbStreamRecord insertA = insert(sequence(), image(a));
        DynamodbStreamRecord noOp = modify(sequence(), image(b), image(b));
        DynamodbStreamRecord moveA = modify(sequence(), image(a), image(aMoved));
        DynamodbStreamRecord insertB = insert(sequence(), image(b));
        DynamodbStreamRecord hideB = modify(sequence(), image(b), image(bHidden));
        byte[] removalOfA = AccountRecordFormat.encode(new Removal(a.e164(), a.aci()));
        failing.failRecords(entry -> Arrays.equals(entry.data().asByteArrayUnsafe(), removalOfA));

        StreamsEventResponse response = filter.filter(event(insertA, noOp, moveA, insertB, hideB));

        assertThat(response.getBatchItemFailures()).extracting(BatchItemFailure::getItemIdentifier)
                .containsExactly(moveA.getDynamodb().getSequenceNumber());
        assertThat(written(a)).as("nothing of A after the failed removal").containsExactly(new Upsert(a));
        assertThat(filter.batchesCutShort()).isEqualTo(1);

        failing.failRecords(entry -> false);
        StreamsEventResponse retry = filter.filter(event(moveA, insertB, hideB)); // Lambda resumes there

        assertThat(retry.getBatchItemFailures()).isEmpty();
        assertThat(written(a)).containsExactly(
                new Upsert(a), new Removal(a.e164(), a.aci()), new Upsert(aMoved));
        assertThat(written(b)).containsExactly(new Upsert(b), new Removal(b.e164(), b.aci()));
    }

    /** B's upsert shares a request with A's failed one: it is written, then again after the retry. */
    @Test
    void anotherAccountsRecordAfterTheFailedOneInItsRequestIsWrittenAgainByTheRetry() {
        Account a = account(true);
        Account b = account(true);
        DynamodbStreamRecord insertA = insert(sequence(), image(a));
        DynamodbStreamRecord insertB = insert(sequence(), image(b));
        String partitionKeyOfA = AccountRecordFormat.partitionKey(a.aci());
        failing.failRecords(entry -> entry.partitionKey().equals(partitionKeyOfA));

        StreamsEventResponse response = filter.filter(event(insertA, insertB));

        assertThat(response.getBatchItemFailures()).extracting(BatchItemFailure::getItemIdentifier)
                .containsExactly(insertA.getDynamodb().getSequenceNumber());
        assertThat(written(a)).isEmpty();
        assertThat(written(b)).containsExactly(new Upsert(b));

        failing.failRecords(entry -> false);
        filter.filter(event(insertA, insertB));

        assertThat(written(a)).containsExactly(new Upsert(a));
        assertThat(written(b)).containsExactly(new Upsert(b), new Upsert(b));
    }

    /** A's removal needs a request of its own; that request fails as a whole (throttled). */
    @Test
    void aWholeCallFailureResumesAtTheFirstUnwrittenRecord() {
        Account a = account(true);
        Account aHidden = new Account(a.aci(), a.e164(), false, null, null);
        Account b = account(true);
        DynamodbStreamRecord insertA = insert(sequence(), image(a));
        DynamodbStreamRecord hideA = modify(sequence(), image(a), image(aHidden));
        DynamodbStreamRecord insertB = insert(sequence(), image(b));
        String partitionKeyOfB = AccountRecordFormat.partitionKey(b.aci());
        failing.failCalls(request -> request.records().stream()
                .anyMatch(entry -> entry.partitionKey().equals(partitionKeyOfB)));

        StreamsEventResponse response = filter.filter(event(insertA, hideA, insertB));

        assertThat(response.getBatchItemFailures()).extracting(BatchItemFailure::getItemIdentifier)
                .containsExactly(hideA.getDynamodb().getSequenceNumber());
        assertThat(written(a)).containsExactly(new Upsert(a));
        assertThat(written(b)).isEmpty();
    }

    @Test
    void changesBeyond500GoOutInFurtherRequests() {
        List<Account> accounts = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            accounts.add(account(true));
        }
        int callsBefore = failing.calls();

        StreamsEventResponse response = filter.filter(event(accounts.stream()
                .map(account -> insert(sequence(), image(account))).toArray(DynamodbStreamRecord[]::new)));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(failing.calls() - callsBefore).isEqualTo(3);
        Map<String, List<AccountChange>> written = KinesisRecords.byPartitionKey(kinesis, STREAM);
        assertThat(accounts).allSatisfy(account -> assertThat(written.get(AccountRecordFormat.partitionKey(account.aci())))
                .containsExactly(new Upsert(account)));
        assertThat(filter.changesWritten()).isEqualTo(1_200);
    }

    private static List<AccountChange> written(Account account) {
        return KinesisRecords.byPartitionKey(kinesis, STREAM)
                .getOrDefault(AccountRecordFormat.partitionKey(account.aci()), List.of());
    }

    private static Account account(boolean discoverable) {
        return new Account(UUID.randomUUID(), nextNumber(), discoverable, UUID.randomUUID(), new byte[] {1, 2, 3});
    }

    private static Account withNumber(Account account, long e164) {
        return new Account(account.aci(), e164, account.discoverable(), account.pni(), account.uak());
    }

    private static long nextNumber() {
        return NUMBERS.incrementAndGet();
    }

    private static String sequence() {
        return Long.toString(SEQUENCE.incrementAndGet());
    }

    private static <T> T withLog(List<LogRecord> into, Supplier<T> action) {
        Logger log = Logger.getLogger(UnreadableImages.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                into.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            return action.get();
        } finally {
            log.removeHandler(capture);
        }
    }

    private static String format(LogRecord record) {
        return new SimpleFormatter().formatMessage(record);
    }
}
