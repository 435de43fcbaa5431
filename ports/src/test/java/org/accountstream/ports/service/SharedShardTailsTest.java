package org.accountstream.ports.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.accountstream.domain.Position;
import org.accountstream.domain.SequenceNumber;
import org.accountstream.ports.contract.Eventually;
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
            new ServiceSettings(100, 1, 100, 1000, POLL, POLL, Duration.ofSeconds(5), Duration.ofSeconds(5)),
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

        assertThat(read).isEqualTo(new TailRead.Records(List.of(), true));
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
                .isEqualTo(new TailRead.Records(List.of(), false));
        feed.releaseReads();
        assertThat(readUntil(after(2), opened, r -> r instanceof TailRead.Records records && records.atHead()))
                .as("once a read begun after the question answered")
                .isEqualTo(new TailRead.Records(List.of(), true));
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
