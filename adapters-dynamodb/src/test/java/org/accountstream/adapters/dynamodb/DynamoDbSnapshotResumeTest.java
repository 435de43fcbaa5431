package org.accountstream.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.accountstream.aws.Backoff;
import org.accountstream.domain.Account;
import org.accountstream.ports.contract.TestAccounts;
import org.accountstream.ports.out.ScanCursor;
import org.accountstream.ports.out.SourceUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** What a resumable snapshot needs of a DynamoDB table beyond the contract: its identity, its cursors' bytes. */
@Timeout(60)
class DynamoDbSnapshotResumeTest {

    private static final Backoff QUICK = new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), 5);
    private static final DynamoDbSnapshotSource.Settings SETTINGS =
            DynamoDbSnapshotSource.Settings.defaults().withSegments(2).withPageLimit(50).withBackoff(QUICK);

    private final TestAccounts accounts = new TestAccounts(17);
    private final LocalDynamoDb table = LocalDynamoDb.withoutStream();

    @AfterEach
    void shutDown() {
        table.close();
    }

    @Test
    void tableIdIsTheArnAndCreationTime() {
        TableDescription described = table.client().describeTable(d -> d.tableName(LocalDynamoDb.TABLE)).table();

        assertThat(source(table.client()).tableId())
                .isEqualTo(described.tableArn() + "@" + described.creationDateTime().toEpochMilli())
                .endsWith(":table/accounts@" + described.creationDateTime().toEpochMilli());
    }

    @Test
    void aTableCreatedAgainUnderTheSameNameIsAnotherTable() {
        String first = source(table.client()).tableId();
        String firstCreated = first.substring(first.indexOf('@'));

        table.client().deleteTable(d -> d.tableName(LocalDynamoDb.TABLE));
        new DynamoDbAccountTable(table.client(), LocalDynamoDb.TABLE, AccountAttributes.defaults()).createWithoutStream();
        String second = source(table.client()).tableId();

        assertThat(second).as("the same name and ARN").startsWith(first.substring(0, first.indexOf('@')));
        assertThat(second).as("created later").doesNotEndWith(firstCreated).isNotEqualTo(first);
    }

    @Test
    void tableIdDescribesTheTableOnce() {
        ScriptedDynamoDbClient client = new ScriptedDynamoDbClient(table.client());
        DynamoDbSnapshotSource source = source(client);

        String id = source.tableId();
        for (int i = 0; i < 10; i++) {
            assertThat(source.tableId()).isEqualTo(id);
        }

        assertThat(client.describeCalls()).isEqualTo(1);
    }

    @Test
    void tableIdSurvivesThrottlingAndReportsAnOutageAsUnavailable() {
        ScriptedDynamoDbClient client = new ScriptedDynamoDbClient(table.client());
        client.failNextDescribes(ProvisionedThroughputExceededException.builder().message("slow down").build(),
                DynamoDbException.builder().message("internal").statusCode(500).build(),
                ProvisionedThroughputExceededException.builder().message("slow down").build());
        DynamoDbSnapshotSource source = source(client);

        assertThatThrownBy(source::tableId).isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("describing accounts").hasCauseInstanceOf(DynamoDbException.class);
        assertThat(client.describeCalls()).as("retried the throttled call, not the outage").isEqualTo(2);

        assertThat(source.tableId()).as("after one more throttled call").contains(":table/accounts@");
        assertThat(client.describeCalls()).isEqualTo(4);
    }

    @Test
    void tableIdOfAMissingTableIsNeitherRetriedNorCalledAnOutage() {
        ScriptedDynamoDbClient client = new ScriptedDynamoDbClient(table.client());
        DynamoDbSnapshotSource source = new DynamoDbSnapshotSource(client, "missing", AccountAttributes.defaults(), SETTINGS);

        assertThatThrownBy(source::tableId).isInstanceOf(ResourceNotFoundException.class);
        assertThat(client.describeCalls()).isEqualTo(1);
    }

    @Test
    void aCursorOfTheDefaultKeyIsAbout20Bytes() {
        DynamoDbSnapshotSource source = source(table.client());

        byte[] bytes = source.cursorBytes(source.cursorAfter(accounts.next()));

        // kind, name length, "U", type, value length, 16 bytes
        assertThat(bytes).hasSize(21);
        assertThat(source.cursorBytes(source.cursorFromBytes(bytes))).isEqualTo(bytes);
    }

    @Test
    void cursorsOfAKeyWithAnotherNameRoundTripAndAreRefusedByTheDefaultTable() throws Exception {
        AccountAttributes named = new AccountAttributes("aci", "e164", "discoverable", "pni", "unidentifiedAccessKey");
        DynamoDbAccountTable other = new DynamoDbAccountTable(table.client(), "named", named);
        other.createWithoutStream();
        List<Account> seeded = IntStream.range(0, 300).mapToObj(i -> accounts.next()).toList();
        other.putAll(seeded);
        DynamoDbSnapshotSource source = new DynamoDbSnapshotSource(table.client(), "named", named, SETTINGS);
        List<Account> segment = new ArrayList<>();
        List<ScanCursor> pageCursors = new ArrayList<>();
        source.scanSegment(0, ScanCursor.START, (page, next) -> {
            segment.addAll(page);
            pageCursors.add(next);
        });
        assertThat(pageCursors).as("pages of 50").hasSizeGreaterThan(2);

        int middle = segment.size() / 2;
        byte[] afterMiddle = source.cursorBytes(source.cursorAfter(segment.get(middle)));
        byte[] afterFirstPage = source.cursorBytes(pageCursors.getFirst());
        List<Account> rest = new ArrayList<>();
        source.scanSegment(0, source.cursorFromBytes(afterMiddle), (page, next) -> rest.addAll(page));

        assertThat(rest).containsExactlyElementsOf(segment.subList(middle + 1, segment.size()));
        assertThat(afterMiddle).hasSize(23); // "aci" is two bytes longer than "U"
        assertThat(source.cursorFromBytes(afterFirstPage)).isEqualTo(pageCursors.getFirst());
        DynamoDbSnapshotSource defaultTable = source(table.client());
        assertThatThrownBy(() -> defaultTable.cursorFromBytes(afterMiddle))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[aci]");
    }

    private static DynamoDbSnapshotSource source(DynamoDbClient client) {
        return new DynamoDbSnapshotSource(client, LocalDynamoDb.TABLE, AccountAttributes.defaults(), SETTINGS);
    }
}
