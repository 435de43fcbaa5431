package org.accountstream.application;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.accountstream.adapters.memory.InMemoryAccountTable;
import org.accountstream.adapters.memory.InMemoryChangeFeed;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Frame;
import org.accountstream.domain.Replica;
import org.accountstream.domain.TokenCodec;
import org.accountstream.ports.contract.MutableClock;
import org.accountstream.ports.contract.TestAccounts;
import org.accountstream.ports.in.StreamRequest;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.SnapshotSource;

/**
 * The stream service over an in-memory table and feed, with fast timings, a clock tests move,
 * and the consumers a test started (all stopped on {@link #close()}).
 */
final class ServiceFixture implements AutoCloseable {

    static final Duration RETENTION = Duration.ofHours(24);
    static final byte[] KEY = "accountstream-test-key-0001".getBytes(StandardCharsets.UTF_8);

    /** Small pages and quick polls keep tests fast; the tail log holds any burst a test makes. */
    static ServiceSettings fastSettings() {
        return settings(Duration.ofMillis(20), Duration.ofSeconds(2));
    }

    /** {@link #fastSettings()} with another head poll interval and shared-tail idle timeout. */
    static ServiceSettings settings(Duration headPollInterval, Duration tailIdleTimeout) {
        return new ServiceSettings(100, 2, 100, 5_000, headPollInterval, Duration.ofMillis(100),
                tailIdleTimeout, Duration.ofSeconds(10), Duration.ofMillis(100),
                ServiceSettings.Limits.defaults());
    }

    /** How a test's service is put together; {@link #shards(int)} gives the usual one. */
    record Setup(int shards, int segments, ServiceSettings settings, UnaryOperator<SnapshotSource> scans,
                 UnaryOperator<ChangeFeed> feeds, InMemoryChangeFeed.Heads heads, Ticker ticker) {

        static Setup shards(int shards) {
            return new Setup(shards, 8, fastSettings(), UnaryOperator.identity(), UnaryOperator.identity(),
                    InMemoryChangeFeed.Heads.AFTER_NEWEST_RECORD, Ticker.SYSTEM);
        }

        Setup settings(ServiceSettings tuned) {
            return new Setup(shards, segments, tuned, scans, feeds, heads, ticker);
        }

        /** The table's scan segments. */
        Setup segments(int count) {
            return new Setup(shards, count, settings, scans, feeds, heads, ticker);
        }

        /** {@code wrap} makes the service's snapshot source of the table. */
        Setup scans(UnaryOperator<SnapshotSource> wrap) {
            return new Setup(shards, segments, settings, wrap, feeds, heads, ticker);
        }

        /** {@code wrap} makes the service's change feed of the (counted) in-memory feed. */
        Setup feeds(UnaryOperator<ChangeFeed> wrap) {
            return new Setup(shards, segments, settings, scans, wrap, heads, ticker);
        }

        Setup heads(InMemoryChangeFeed.Heads kind) {
            return new Setup(shards, segments, settings, scans, feeds, kind, ticker);
        }

        Setup ticker(Ticker now) {
            return new Setup(shards, segments, settings, scans, feeds, heads, now);
        }
    }

    final MutableClock clock = new MutableClock(Instant.parse("2024-06-01T00:00:00Z"));
    final InMemoryChangeFeed feed;
    final CountingChangeFeed countingFeed;
    final InMemoryAccountTable table;
    private final SnapshotSource source;
    private final ChangeFeed serviceFeed;
    private final Ticker ticker;
    final RecordingMetrics metrics = new RecordingMetrics();
    final TokenCodec tokens = new TokenCodec(List.of(KEY), TokenCodec.DEFAULT_MAX_BYTES);
    final TestAccounts accounts = new TestAccounts(5);
    private final ServiceSettings settings;
    private final List<StreamConsumer> consumers = new CopyOnWriteArrayList<>();
    private AccountStreamService service;

    ServiceFixture(int shards) {
        this(Setup.shards(shards));
    }

    ServiceFixture(int shards, ServiceSettings settings) {
        this(Setup.shards(shards).settings(settings));
    }

    ServiceFixture(Setup setup) {
        this.feed = new InMemoryChangeFeed("accounts", setup.shards(), 0, RETENTION, clock, setup.heads());
        this.countingFeed = new CountingChangeFeed(feed);
        this.table = new InMemoryAccountTable(setup.segments(), feed);
        this.source = setup.scans().apply(table);
        this.serviceFeed = setup.feeds().apply(countingFeed);
        this.settings = setup.settings();
        this.ticker = setup.ticker();
        this.service = newService();
    }

    AccountStreamService service() {
        return service;
    }

    ServiceSettings settings() {
        return settings;
    }

    /** A server restart: consumers are cut off and no shared tail survives. */
    void restartService() throws InterruptedException {
        stopConsumers();
        service.close();
        service = newService();
    }

    StreamConsumer stream() {
        return stream(AciRange.ALL, new byte[0], StreamConsumer.Pace.NONE);
    }

    StreamConsumer stream(AciRange range, byte[] token) {
        return stream(range, token, StreamConsumer.Pace.NONE);
    }

    StreamConsumer stream(AciRange range, byte[] token, StreamConsumer.Pace pace) {
        return stream(new StreamRequest(range, token), pace);
    }

    /** A consumer that asked for tokens during its snapshot. */
    StreamConsumer streamResumable(AciRange range, byte[] token, StreamConsumer.Pace pace) {
        return stream(new StreamRequest(range, token, true), pace);
    }

    private StreamConsumer stream(StreamRequest request, StreamConsumer.Pace pace) {
        StreamConsumer consumer = new StreamConsumer(service, request, pace);
        consumers.add(consumer);
        return consumer;
    }

    /** A fresh stream, once it is dataset_current and has received a live change after that. */
    StreamConsumer streamAtTheHead() throws InterruptedException {
        StreamConsumer consumer = stream();
        consumer.awaitDatasetCurrent();
        Account live = insert();
        consumer.awaitRecord(new AccountChange.Upsert(live));
        return consumer;
    }

    void seed(int count) {
        accounts.many(count).forEach(table::put);
    }

    Account insert() {
        Account account = accounts.next();
        table.put(account);
        return account;
    }

    /**
     * A consumer's copy after applying {@code frames} in order, list after list: a consumer that
     * resumed holds {@code replicaOf(first.frames(), second.frames())}.
     */
    @SafeVarargs
    static Replica replicaOf(List<Frame>... frames) {
        Replica replica = new Replica();
        for (List<Frame> stream : frames) {
            stream.forEach(replica::apply);
        }
        return replica;
    }

    /** What a consumer of {@code range} must hold: its discoverable accounts by number. */
    Map<Long, Account> tableView(AciRange range) {
        return table.all().stream()
                .filter(account -> account.discoverable() && range.contains(account.aci()))
                .collect(Collectors.toMap(Account::e164, Function.identity()));
    }

    Map<Long, Account> tableView() {
        return tableView(AciRange.ALL);
    }

    @Override
    public void close() throws InterruptedException {
        stopConsumers();
        service.close();
    }

    private void stopConsumers() throws InterruptedException {
        for (StreamConsumer consumer : consumers) {
            consumer.stop();
        }
        consumers.clear();
    }

    private AccountStreamService newService() {
        return new AccountStreamService(source, serviceFeed, tokens, settings, metrics, ticker);
    }
}
