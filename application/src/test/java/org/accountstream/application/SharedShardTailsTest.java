package org.accountstream.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.accountstream.domain.Position;
import org.accountstream.domain.SequenceNumber;
import org.accountstream.ports.contract.Eventually;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.ShardReadResult;
import org.accountstream.ports.out.StreamMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SharedShardTailsTest {

    private static final Duration POLL = Duration.ofMillis(50);
    private static final String SHARD = "shard-1";

    private final ManualTicker ticker = new ManualTicker();
    private final long testStartNanos = ticker.nanos();
    private final ScriptedFeed feed = new ScriptedFeed();
    private final SharedShardTails tails = new SharedShardTails(feed,
            new ServiceSettings(100, 1, 100, 1000, POLL, POLL, Duration.ofSeconds(5), Duration.ofSeconds(5), POLL,
                    ServiceSettings.Limits.defaults()),
            StreamMetrics.NONE, ticker);

    @AfterEach
    void close() {
        tails.close();
    }

    @Test
    void tailThatFoundItsPositionTrimmedSaysSoForEveryPositionUpToIt() throws InterruptedException {
        feed.append(SHARD, 1, 2, 3, 4, 5);
        feed.trimThrough(SHARD, 3);

        assertThat(readUntil(after(1), TailRead.Trimmed.class::isInstance)).isInstanceOf(TailRead.Trimmed.class);
        assertThat(tails.read(SHARD, Position.notStarted(), testStartNanos, () -> { })).isInstanceOf(TailRead.Trimmed.class);
    }

    @Test
    void streamThatStartedOverPastTheLossGetsAFreshTail() throws InterruptedException {
        feed.append(SHARD, 1, 2, 3, 4, 5);
        feed.trimThrough(SHARD, 3);
        readUntil(after(1), TailRead.Trimmed.class::isInstance);

        TailRead read = readUntil(after(5), r -> r instanceof TailRead.Records records && records.atHead());

        assertThat(read).isEqualTo(new TailRead.Records(List.of(), after(5), true));
    }

    @Test
    void closedShardsLastRecordsAreNotTheHead() throws InterruptedException {
        feed.append(SHARD, 1, 2, 3);
        feed.close(SHARD);

        TailRead read = readUntil(Position.notStarted(),
                r -> r instanceof TailRead.Records records && !records.records().isEmpty());

        assertThat(((TailRead.Records) read).records()).hasSize(3);
        assertThat(((TailRead.Records) read).atHead()).as("at head").isFalse();
        assertThat(tails.read(SHARD, after(3), testStartNanos, () -> { })).isInstanceOf(TailRead.Ended.class);
    }

    @Test
    void headIsReportedOnlyOnTheWordOfAReadAfterTheAskedInstant() throws InterruptedException {
        feed.append(SHARD, 1, 2);
        readUntil(after(2), r -> r instanceof TailRead.Records records && records.atHead());
        feed.holdReads();
        Eventually.await("the tail's next read began", Eventually.PATIENCE, () -> feed.readsWaiting() == 1);

        ticker.advance(Duration.ofSeconds(1)); // a stream opens: every read the tail made began before
        long opened = ticker.nanos();

        assertThat(tails.read(SHARD, after(2), opened, () -> { }))
                .as("what the tail knows is older than the question")
                .isEqualTo(new TailRead.Records(List.of(), after(2), false));
        feed.releaseReads();
        assertThat(readUntil(after(2), opened, r -> r instanceof TailRead.Records records && records.atHead()))
                .as("once a read begun after the question answered")
                .isEqualTo(new TailRead.Records(List.of(), after(2), true));
    }

    @Test
    void aStreamAheadOfATailThatCannotCatchUpMovesTheTailToItself() throws InterruptedException {
        feed.append(SHARD, LongStream.rangeClosed(1, 100).toArray());
        feed.throttleReadsBefore(100); // the backlog behind record 100 is not readable for now
        readUntil(after(1), r -> r instanceof TailRead.Records records && records.records().isEmpty());

        TailRead ahead = readUntil(after(100), r -> r instanceof TailRead.Records records && records.atHead());

        assertThat(ahead).isEqualTo(new TailRead.Records(List.of(), after(100), true));
        assertThat(tails.read(SHARD, after(1), testStartNanos, () -> { }))
                .as("the stream it was replaying for reads on its own now").isInstanceOf(TailRead.NotCovered.class);
        assertThat(tails.activeTails()).isOne();
    }

    @Test
    void aStreamAheadOfATailAtTheHeadWaitsForItsNextRead() throws InterruptedException {
        feed.append(SHARD, 1, 2);
        readUntil(after(2), r -> r instanceof TailRead.Records records && records.atHead());
        feed.holdReads();
        Eventually.await("the tail's next read began", Eventually.PATIENCE, () -> feed.readsWaiting() == 1);
        feed.append(SHARD, 3, 4);

        assertThat(tails.read(SHARD, after(4), testStartNanos, () -> { }))
                .isEqualTo(new TailRead.Records(List.of(), after(4), false));
        feed.releaseReads();
        TailRead behindIt = readUntil(after(2), r -> r instanceof TailRead.Records records && !records.records().isEmpty());
        assertThat(((TailRead.Records) behindIt).records()).extracting(r -> r.sequence().value().longValue())
                .as("the tail did not jump: the streams at its end keep it").containsExactly(3L, 4L);
    }

    @Test
    void aTimestampIsServedFromTheRecordsThatArrivedAtOrAfterIt() throws InterruptedException {
        feed.append(SHARD, 1, 2, 3, 4, 5);
        readUntil(Position.notStarted(), r -> r instanceof TailRead.Records records && records.atHead());

        TailRead read = tails.read(SHARD, Position.atTimestamp(ScriptedFeed.arrivalOf(3)), testStartNanos, () -> { });

        assertThat(read).isInstanceOfSatisfying(TailRead.Records.class, records -> {
            assertThat(records.records()).extracting(r -> r.sequence().value().longValue()).containsExactly(3L, 4L, 5L);
            assertThat(records.next()).isEqualTo(after(5));
        });
    }

    @Test
    void aTimestampThatEveryRecordPrecedesMovesToTheLogsEnd() throws InterruptedException {
        feed.append(SHARD, 1, 2);
        readUntil(Position.notStarted(), r -> r instanceof TailRead.Records records && records.atHead());

        TailRead read = tails.read(SHARD, Position.atTimestamp(ScriptedFeed.arrivalOf(10)), testStartNanos, () -> { });

        assertThat(read).isEqualTo(new TailRead.Records(List.of(), after(2), true));
    }

    @Test
    void aTailStartedAtATimestampServesLaterTimestampsButNotEarlierOnes() throws InterruptedException {
        feed.append(SHARD, 1, 2, 3, 4);
        Position atThree = Position.atTimestamp(ScriptedFeed.arrivalOf(3));
        readUntil(atThree, r -> r instanceof TailRead.Records records && records.atHead());

        assertThat(tails.read(SHARD, Position.atTimestamp(ScriptedFeed.arrivalOf(4)), testStartNanos, () -> { }))
                .isInstanceOfSatisfying(TailRead.Records.class, records -> assertThat(records.records())
                        .extracting(r -> r.sequence().value().longValue()).containsExactly(4L));
        assertThat(tails.read(SHARD, Position.atTimestamp(ScriptedFeed.arrivalOf(2)), testStartNanos, () -> { }))
                .isInstanceOf(TailRead.NotCovered.class);
    }

    @Test
    void aTailOfAFeedThatWaitsForNewsReadsAgainWithoutPausingAtTheHead() throws InterruptedException {
        Duration hour = Duration.ofHours(1);
        ChangeFeed waiting = new ForwardingChangeFeed(feed) {
            @Override
            public boolean waitsForNews() {
                return true;
            }

            @Override
            public ShardReadResult read(String shardId, Position from, int maxRecords) {
                ShardReadResult result = super.read(shardId, from, maxRecords);
                if (result instanceof ShardReadResult.Batch batch && batch.records().isEmpty()) {
                    try {
                        Thread.sleep(5); // a feed that waits for news waits a little at the head
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return result;
            }
        };
        try (SharedShardTails pushed = new SharedShardTails(waiting,
                new ServiceSettings(100, 1, 100, 1000, hour, POLL, hour, hour, POLL, ServiceSettings.Limits.defaults()),
                StreamMetrics.NONE, ticker)) {
            feed.append(SHARD, 1, 2);
            Eventually.await("the tail read to the head", Eventually.PATIENCE, () -> pushed.read(SHARD, after(2),
                    testStartNanos, () -> { }) instanceof TailRead.Records records && records.atHead());

            feed.append(SHARD, 3);

            Eventually.await("the tail read on without pausing an hour", Eventually.PATIENCE, () -> pushed.read(SHARD,
                    after(2), testStartNanos, () -> { }) instanceof TailRead.Records records && !records.records().isEmpty());
        }
    }

    private TailRead readUntil(Position from, Predicate<TailRead> wanted) throws InterruptedException {
        return readUntil(from, testStartNanos, wanted);
    }

    /** Reads until the answer is {@code wanted}; fails, showing the last answer, if it never is. */
    private TailRead readUntil(Position from, long headNotBeforeNanos, Predicate<TailRead> wanted)
            throws InterruptedException {
        AtomicReference<TailRead> last = new AtomicReference<>();
        boolean answered = Eventually.within(Eventually.PATIENCE, () -> {
            last.set(tails.read(SHARD, from, headNotBeforeNanos, () -> { }));
            return wanted.test(last.get());
        });
        assertThat(answered).as("read from %s answered as wanted; last answer %s", from, last.get()).isTrue();
        return last.get();
    }

    private static Position after(long sequence) {
        return Position.after(SequenceNumber.of(sequence));
    }
}
