package org.accountstream.adapters.kinesis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.accountstream.domain.Horizon;
import org.accountstream.domain.Position;
import org.accountstream.domain.Shard;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.ShardReadResult;
import org.accountstream.ports.out.SourceUnavailableException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * The Kinesis feed with enhanced fan-out: the shard's head is pushed to this replica
 * (SubscribeToShard, through a consumer of its own), positions behind it are read with
 * GetRecords by the polling {@link KinesisChangeFeed}, which also lists shards and captures
 * heads. Push is how a fleet of replicas scales past Kinesis' five GetRecords per second per
 * shard, and how records reach streams without a polling interval's delay.
 *
 * <p><b>One subscription per shard</b> (Kinesis allows one per consumer and shard), read by the
 * engine's shared tail of the shard: its reads, each from the end of the last, are answered from
 * the records pushed ({@link ShardSubscription}). A read behind the subscription (a stream
 * catching up on its own) uses GetRecords; a read ahead of it, or at another timestamp, moves the
 * subscription there. A read at the head waits for the next push, up to {@code headWait}
 * ({@link #waitsForNews()}); an event with nothing new answers it at once.
 *
 * <p><b>GetRecords stands in</b> whenever push cannot answer: while a subscription starts, renews
 * or fails (after waiting {@code headWait} for it), and for shards the listing does not show open.
 * Kinesis ends a closed shard's subscription with an event naming its children; a subscription
 * that stays quiet on a shard the listing shows closed or gone is dropped and the shard read to
 * its end with GetRecords (kinesis-mock never sends that last event).
 *
 * <p>Subscriptions nobody read for {@code idleTimeout} are cancelled. {@link #close()} cancels
 * every subscription; the clients stay open (they belong to the caller).
 */
public final class KinesisFanOutFeed implements ChangeFeed, AutoCloseable {

    /**
     * @param renewAfter     subscriptions are renewed after this long (Kinesis ends them after 5 minutes)
     * @param headWait       how long a read at the head waits for the next push
     * @param idleTimeout    subscriptions nobody read for this long are cancelled
     * @param bufferCapacity records pushed but not yet read, per shard, beyond which pushes wait
     * @param listingMaxAge  how old the listing that tells open shards from closed ones may be
     */
    public record Settings(Duration renewAfter, Duration headWait, Duration idleTimeout, int bufferCapacity,
                           Duration listingMaxAge) {

        public Settings {
            if (!renewAfter.isPositive() || headWait.isNegative() || !idleTimeout.isPositive() || bufferCapacity < 1
                    || listingMaxAge.isNegative()) {
                throw new IllegalArgumentException("renewAfter, idleTimeout > 0; headWait, listingMaxAge ≥ 0; "
                        + "bufferCapacity ≥ 1");
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofSeconds(60), 10_000,
                    Duration.ofSeconds(5));
        }

        public Settings withRenewAfter(Duration renew) {
            return new Settings(renew, headWait, idleTimeout, bufferCapacity, listingMaxAge);
        }

        public Settings withHeadWait(Duration wait) {
            return new Settings(renewAfter, wait, idleTimeout, bufferCapacity, listingMaxAge);
        }

        public Settings withIdleTimeout(Duration idle) {
            return new Settings(renewAfter, headWait, idle, bufferCapacity, listingMaxAge);
        }

        public Settings withListingMaxAge(Duration maxAge) {
            return new Settings(renewAfter, headWait, idleTimeout, bufferCapacity, maxAge);
        }
    }

    /** How long registering a consumer may take until Kinesis says it is ACTIVE. */
    private static final Duration REGISTRATION_TIMEOUT = Duration.ofMinutes(2);

    private final KinesisAsyncClient kinesis;
    private final KinesisChangeFeed polling;
    private final String consumerArn;
    private final Settings settings;
    private final ListedShards listing;
    private final RecordDecoder decoder = new RecordDecoder();
    private final ScheduledExecutorService scheduler;
    private final Map<String, ShardSubscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> pushedRecords = new ConcurrentHashMap<>();
    private final LongAdder subscriptionsStarted = new LongAdder();
    private volatile boolean closed;

    private KinesisFanOutFeed(KinesisAsyncClient kinesis, KinesisChangeFeed polling, String consumerArn,
                              Settings settings) {
        this.kinesis = kinesis;
        this.polling = polling;
        this.consumerArn = consumerArn;
        this.settings = settings;
        this.listing = new ListedShards(polling, settings.listingMaxAge());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("kinesis-fan-out").daemon().factory());
        long sweepNanos = Math.max(settings.idleTimeout().toNanos() / 2, TimeUnit.MILLISECONDS.toNanos(10));
        scheduler.scheduleWithFixedDelay(this::cancelIdle, sweepNanos, sweepNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The fan-out feed of {@code polling}'s stream (its ARN is {@link KinesisChangeFeed#feedId()})
     * through the consumer {@code consumerName}: registered if the stream has none of that name,
     * reused if it has, and waited for until Kinesis says it is ACTIVE. Each replica needs a name
     * of its own ({@link #defaultConsumerName()}); a stream has at most 20 consumers.
     *
     * @throws SourceUnavailableException when Kinesis cannot be reached or the consumer does not
     *                                    become active
     * @throws IllegalStateException      when Kinesis keeps refusing to register the consumer
     */
    public static KinesisFanOutFeed register(KinesisAsyncClient kinesis, KinesisChangeFeed polling,
                                             String consumerName, Settings settings) throws InterruptedException {
        Objects.requireNonNull(consumerName, "consumerName");
        String arn = FanOutConsumer.activeArn(kinesis, polling.feedId(), consumerName, REGISTRATION_TIMEOUT);
        return new KinesisFanOutFeed(kinesis, polling, arn, settings);
    }

    /**
     * {@code accountstream-<host name>}, reduced to the characters Kinesis allows in a consumer
     * name ({@code [a-zA-Z0-9_.-]}, at most 128): one consumer per replica, as long as host names
     * differ and stay put across restarts (a new name per restart leaves the old consumers behind).
     *
     * @throws IllegalStateException when this host's name cannot be told
     */
    public static String defaultConsumerName() {
        return ConsumerNames.ofThisHost();
    }

    /** The ARN of this replica's consumer. */
    public String consumerArn() {
        return consumerArn;
    }

    @Override
    public String feedId() {
        return polling.feedId();
    }

    @Override
    public List<Shard> listShards() {
        return polling.listShards();
    }

    @Override
    public Horizon captureHead() {
        return polling.captureHead();
    }

    @Override
    public void warmUp() {
        polling.warmUp();
    }

    @Override
    public boolean waitsForNews() {
        return true;
    }

    @Override
    public ShardReadResult read(String shardId, Position from, int maxRecords) {
        Objects.requireNonNull(shardId, "shardId");
        long deadline = System.nanoTime() + settings.headWait().toNanos();
        boolean news = false; // the last wait ended with news
        try {
            while (true) {
                if (closed) {
                    return polled(shardId, from, maxRecords, deadline);
                }
                ShardSubscription subscription = subscriptions.get(shardId);
                if (subscription == null) {
                    if (!listing.listedOpen(shardId)) {
                        return polled(shardId, from, maxRecords, deadline); // closed or gone: nothing to push
                    }
                    subscription = subscriptions.computeIfAbsent(shardId, id -> subscribe(id, from));
                }
                switch (subscription.step(from, maxRecords)) {
                    case ShardSubscription.Served served -> {
                        pushedRecords.computeIfAbsent(shardId, id -> new LongAdder()).add(served.batch().records().size());
                        return served.batch();
                    }
                    case ShardSubscription.Restart restart -> {
                        drop(shardId, subscription);
                        news = false;
                    }
                    case ShardSubscription.Elsewhere elsewhere -> {
                        return polled(shardId, from, maxRecords, deadline);
                    }
                    case ShardSubscription.Waiting waiting -> {
                        // The next event came and brought nothing after `from`: that is the answer.
                        boolean answered = news && waiting.serving();
                        if (!answered && deadline - System.nanoTime() > 0) {
                            news = subscription.awaitNews(waiting.stamp(), deadline);
                            continue;
                        }
                        if (!waiting.serving()) {
                            return polled(shardId, from, maxRecords, deadline);
                        }
                        if (!listing.listedOpen(shardId)) {
                            drop(shardId, subscription); // closed or gone, yet the subscription never said so
                            return polled(shardId, from, maxRecords, deadline);
                        }
                        return new ShardReadResult.Batch(List.of(), false, waiting.millisBehindLatest());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ShardReadResult.Batch(List.of(), false, 0);
        }
    }

    /** Cancels every subscription (reads from now on use GetRecords); the clients stay open. */
    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        subscriptions.values().forEach(ShardSubscription::close);
        subscriptions.clear();
    }

    /** Records of {@code shardId} answered from pushes so far. */
    long pushedRecords(String shardId) {
        LongAdder pushed = pushedRecords.get(shardId);
        return pushed == null ? 0 : pushed.sum();
    }

    /** How often the subscription of {@code shardId} in force was renewed from where it was. */
    long renewals(String shardId) {
        ShardSubscription subscription = subscriptions.get(shardId);
        return subscription == null ? 0 : subscription.renewals();
    }

    int subscriptions() {
        return subscriptions.size();
    }

    /** Subscriptions started so far, renewals not counted. */
    long subscriptionsStarted() {
        return subscriptionsStarted.sum();
    }

    private ShardSubscription subscribe(String shardId, Position from) {
        subscriptionsStarted.increment();
        ShardSubscription subscription = new ShardSubscription(shardId, from, kinesis, consumerArn, scheduler, decoder,
                settings.bufferCapacity(), settings.renewAfter());
        subscription.start();
        return subscription;
    }

    private void drop(String shardId, ShardSubscription subscription) {
        subscriptions.remove(shardId, subscription);
        subscription.close();
    }

    /**
     * A GetRecords read. An empty answer (not the shard's end) waits out the read's time, so that
     * readers that do not pause (they rely on {@link #waitsForNews()}) do not spin.
     */
    private ShardReadResult polled(String shardId, Position from, int maxRecords, long deadline)
            throws InterruptedException {
        ShardReadResult result = polling.read(shardId, from, maxRecords);
        if (result instanceof ShardReadResult.Batch batch && batch.records().isEmpty() && !batch.shardEnded()) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.sleep(left);
            }
        }
        return result;
    }

    private void cancelIdle() {
        long since = System.nanoTime() - settings.idleTimeout().toNanos();
        subscriptions.forEach((shardId, subscription) -> {
            if (subscription.unreadSince(since)) {
                drop(shardId, subscription);
            }
        });
    }
}
