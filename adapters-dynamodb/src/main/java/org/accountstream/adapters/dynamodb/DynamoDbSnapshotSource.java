package org.accountstream.adapters.dynamodb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.accountstream.adapters.dynamodb.ScanCursorCodec.AfterKey;
import org.accountstream.aws.Backoff;
import org.accountstream.domain.Account;
import org.accountstream.ports.out.ScanCursor;
import org.accountstream.ports.out.SnapshotSource;
import org.accountstream.ports.out.SourceUnavailableException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The accounts table as a DynamoDB parallel Scan: segment {@code i} of {@code n} is a Scan with
 * {@code Segment=i, TotalSegments=n}, which DynamoDB cuts by hash key, so the segments are
 * disjoint and together cover the table. Only the served attributes are projected, so a scan
 * reads (and pays for) nothing consumers never see.
 *
 * <p><b>Scans are strongly consistent by default.</b> A snapshot captures the feed's head and
 * then scans (DESIGN §6). A write whose stream record was already behind the captured head is
 * not replayed by the feed, so the scan must see it; an eventually consistent Scan could miss a
 * write acknowledged just before. Set {@link Settings#consistentRead()} to false only if a
 * missed change is acceptable for half the read cost.
 *
 * <p>An item that is not a readable account ({@link AccountAttributes#decode}) is skipped and
 * counted, with a warning naming its key; a malformed row must not stop every snapshot. Throttling
 * is retried after an exponential, jittered {@link Backoff}; when the backoff gives up, or DynamoDB
 * cannot be reached or fails on its side, the scan ends with {@link SourceUnavailableException}
 * and the snapshot fails rather than being silently short.
 *
 * <p>A cursor is a Scan's {@code LastEvaluatedKey} or the key of an account a read yielded
 * ({@code ExclusiveStartKey} continues a segment after any item key of that segment), and turns
 * into about 20 bytes for a token ({@link ScanCursorCodec}). The table is named by its ARN and
 * creation time ({@link #tableId()}).
 */
public final class DynamoDbSnapshotSource implements SnapshotSource {

    private static final Logger LOG = Logger.getLogger(DynamoDbSnapshotSource.class.getName());

    /**
     * @param segments      Scan segments ({@code TotalSegments}), 1..1,000,000
     * @param pageLimit     items per Scan page ({@code Limit}); 0 for DynamoDB's 1 MB pages
     * @param consistentRead strongly consistent Scans (see the class comment)
     * @param backoff       retries of throttled Scans and DescribeTables
     */
    public record Settings(int segments, int pageLimit, boolean consistentRead, Backoff backoff) {
        public Settings {
            if (segments < 1 || segments > 1_000_000) {
                throw new IllegalArgumentException("segments must be in 1..1000000: " + segments);
            }
            if (pageLimit < 0) {
                throw new IllegalArgumentException("page limit must not be negative: " + pageLimit);
            }
            Objects.requireNonNull(backoff, "backoff");
        }

        public static Settings defaults() {
            return new Settings(64, 0, true, Backoff.defaults());
        }

        public Settings withSegments(int count) {
            return new Settings(count, pageLimit, consistentRead, backoff);
        }

        public Settings withPageLimit(int limit) {
            return new Settings(segments, limit, consistentRead, backoff);
        }

        public Settings withBackoff(Backoff retries) {
            return new Settings(segments, pageLimit, consistentRead, retries);
        }
    }

    private final DynamoDbClient client;
    private final String tableName;
    private final AccountAttributes attributes;
    private final Settings settings;
    private final String projection;
    private final Map<String, String> projectedNames;
    private final LongAdder itemsScanned = new LongAdder();
    private final UnreadableItems itemsSkipped = new UnreadableItems(LOG);
    private final LongAdder throttledScans = new LongAdder();
    private volatile String tableId;

    public DynamoDbSnapshotSource(DynamoDbClient client, String tableName, AccountAttributes attributes,
                                  Settings settings) {
        this.client = Objects.requireNonNull(client, "client");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.attributes = Objects.requireNonNull(attributes, "attributes");
        this.settings = Objects.requireNonNull(settings, "settings");
        // Placeholders, not the names themselves: attribute names may be reserved words ("C" is not,
        // but a configured name could be) or hold characters an expression cannot.
        Map<String, String> names = new LinkedHashMap<>();
        List<String> served = attributes.served();
        for (int i = 0; i < served.size(); i++) {
            names.put("#a" + i, served.get(i));
        }
        this.projectedNames = Map.copyOf(names);
        this.projection = String.join(", ", names.keySet());
    }

    @Override
    public int segmentCount() {
        return settings.segments();
    }

    /**
     * The table's ARN and creation time in epoch milliseconds, e.g.
     * {@code arn:aws:dynamodb:eu-west-1:123456789012:table/accounts@1714564800000}: a table
     * deleted and created again under the same name has the same ARN but another creation time.
     * Asked of DynamoDB (DescribeTable) once and then kept, as a table's ARN and creation time
     * never change. So a table recreated while this source runs keeps the first table's id until
     * the process restarts, as the feed keeps the first table's stream ARN as its id.
     *
     * @throws SourceUnavailableException when DynamoDB throttles past the backoff or is out
     * @throws CancellationException when interrupted (the interrupt stays set)
     */
    @Override
    public String tableId() {
        String id = tableId;
        if (id == null) { // racing first calls describe the table twice and agree: harmless
            TableDescription table;
            try {
                table = withRetries("describing " + tableName,
                        () -> client.describeTable(request -> request.tableName(tableName)).table(), () -> { });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while describing " + tableName);
            }
            id = table.tableArn() + "@" + table.creationDateTime().toEpochMilli();
            tableId = id;
        }
        return id;
    }

    @Override
    public ScanCursor cursorAfter(Account account) {
        return new AfterKey(attributes.key(account.aci()));
    }

    /** See {@link ScanCursorCodec} for the bytes. */
    @Override
    public byte[] cursorBytes(ScanCursor cursor) {
        return ScanCursorCodec.toBytes(cursor);
    }

    /** Refuses the key cursors of a table whose key is not this source's aci attribute. */
    @Override
    public ScanCursor cursorFromBytes(byte[] bytes) {
        ScanCursor cursor = ScanCursorCodec.fromBytes(bytes);
        if (cursor instanceof AfterKey after && !after.key().containsKey(attributes.aci())) {
            throw new IllegalArgumentException("not a cursor of " + tableName + ": its key is " + after.key().keySet());
        }
        return cursor;
    }

    @Override
    public void scanSegment(int segment, ScanCursor from, PageConsumer pages) throws InterruptedException {
        if (segment < 0 || segment >= settings.segments()) {
            throw new IllegalArgumentException("segment " + segment + " of " + settings.segments());
        }
        if (from == ScanCursorCodec.SEGMENT_END) {
            return;
        }
        Map<String, AttributeValue> startKey = startKey(from);
        do {
            if (Thread.interrupted()) {
                throw new InterruptedException("scan of segment " + segment + " cancelled");
            }
            ScanRequest request = request(segment, startKey);
            ScanResponse page = withRetries("scan of " + tableName + " segment " + segment,
                    () -> client.scan(request), throttledScans::increment);
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                    ? page.lastEvaluatedKey()
                    : null;
            List<Account> accounts = decode(page.items());
            if (!accounts.isEmpty()) {
                pages.accept(accounts, startKey != null ? new AfterKey(startKey) : ScanCursorCodec.SEGMENT_END);
            }
        } while (startKey != null);
    }

    /** Items read by Scans so far, readable or not. */
    public long itemsScanned() {
        return itemsScanned.sum();
    }

    /** Items skipped because they were not readable accounts. */
    public long itemsSkipped() {
        return itemsSkipped.count();
    }

    /** Scan calls DynamoDB throttled (each was retried or, at the end of the backoff, failed). */
    public long throttledScans() {
        return throttledScans.sum();
    }

    private static Map<String, AttributeValue> startKey(ScanCursor from) {
        if (from == ScanCursor.START) {
            return null;
        }
        if (from instanceof AfterKey after) {
            return after.key();
        }
        throw new IllegalArgumentException("not a cursor of this table: " + from);
    }

    private ScanRequest request(int segment, Map<String, AttributeValue> startKey) {
        ScanRequest.Builder request = ScanRequest.builder()
                .tableName(tableName)
                .segment(segment)
                .totalSegments(settings.segments())
                .projectionExpression(projection)
                .expressionAttributeNames(projectedNames)
                .consistentRead(settings.consistentRead())
                .exclusiveStartKey(startKey);
        if (settings.pageLimit() > 0) {
            request.limit(settings.pageLimit());
        }
        return request.build();
    }

    /**
     * {@code call}, retried after the backoff while DynamoDB throttles it ({@code onThrottled}
     * counts each time); an outage, or throttling past the backoff, ends it with
     * {@link SourceUnavailableException}; other errors pass as they are.
     */
    private <T> T withRetries(String what, Supplier<T> call, Runnable onThrottled) throws InterruptedException {
        for (int retry = 1; ; retry++) {
            try {
                return call.get();
            } catch (SdkException e) {
                if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
                    throw interrupted(what, e); // interrupted mid-call: the SDK aborted it
                }
                if (!AwsErrors.isThrottling(e)) {
                    throw AwsErrors.isOutage(e) ? unavailable(what, e) : e;
                }
                onThrottled.run();
                if (!settings.backoff().allowsRetry(retry)) {
                    throw unavailable(what, e);
                }
                settings.backoff().pauseBefore(retry);
            }
        }
    }

    /** Clients are told to come back later (gRPC UNAVAILABLE) rather than of an internal error. */
    private static SourceUnavailableException unavailable(String what, SdkException cause) {
        return new SourceUnavailableException(what + " failed: " + cause.getMessage(), cause);
    }

    private static InterruptedException interrupted(String what, SdkException cause) {
        Thread.interrupted();
        InterruptedException interrupted = new InterruptedException(what + " cancelled");
        interrupted.initCause(cause);
        return interrupted;
    }

    private List<Account> decode(List<Map<String, AttributeValue>> items) {
        List<Account> accounts = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            itemsScanned.increment();
            try {
                accounts.add(attributes.decode(item));
            } catch (MalformedItemException e) {
                itemsSkipped.add("skipping an unreadable account in " + tableName, e);
            }
        }
        return accounts;
    }
}
