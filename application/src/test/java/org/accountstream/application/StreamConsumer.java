package org.accountstream.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.Frame;
import org.accountstream.domain.Replica;
import org.accountstream.ports.contract.Eventually;
import org.accountstream.ports.in.StreamAccountsUseCase;
import org.accountstream.ports.in.StreamRequest;

/**
 * One consumer of the service: its stream runs on a virtual thread (the service never returns
 * normally, so only {@link #stop()} ends it) and every frame it receives is kept and applied to a
 * {@link Replica}, as a contact-discovery server would.
 */
final class StreamConsumer {

    /** Runs before each frame is received; may block, which is the stream's backpressure. */
    @FunctionalInterface
    interface Pace {
        Pace NONE = frame -> { };

        void beforeReceiving(Frame frame) throws InterruptedException;

        /**
         * Paces by {@code pace}, and once {@code records} or more were received holds the next
         * frame for good (counting {@code cut} down): the consumer is cut off with that frame in
         * flight once the test stops it.
         */
        static Pace cutOffAfter(int records, CountDownLatch cut, Pace pace) {
            AtomicInteger received = new AtomicInteger();
            return frame -> {
                if (received.get() >= records) {
                    cut.countDown();
                    new CountDownLatch(1).await(); // until the consumer is stopped
                }
                pace.beforeReceiving(frame);
                received.addAndGet(frame.records().size());
            };
        }
    }

    private final List<Frame> frames = new ArrayList<>(); // guarded by this
    private final Replica replica = new Replica(); // guarded by this
    private final Pace pace;
    private final Thread thread;
    private volatile Throwable ending;

    StreamConsumer(StreamAccountsUseCase service, StreamRequest request, Pace pace) {
        this.pace = pace;
        this.thread = Thread.ofVirtual().name("consumer").start(() -> {
            try {
                service.streamAccounts(request, this::receive);
                ending = new AssertionError("the stream returned normally");
            } catch (Throwable t) {
                ending = t;
            }
        });
    }

    synchronized List<Frame> frames() {
        return List.copyOf(frames);
    }

    /** The consumer's copy: e164 → account. */
    synchronized Map<Long, Account> view() {
        return replica.byE164();
    }

    synchronized byte[] lastToken() {
        return replica.lastToken();
    }

    List<AccountChange> records() {
        return frames().stream().flatMap(frame -> frame.records().stream()).toList();
    }

    long count(Predicate<Frame> which) {
        return frames().stream().filter(which).count();
    }

    void awaitFrames(String what, Predicate<List<Frame>> condition) throws InterruptedException {
        if (!Eventually.within(Eventually.PATIENCE, () -> condition.test(frames()))) {
            throw new AssertionError(
                    "not within " + Eventually.PATIENCE + ": " + what + "; frames: " + summary());
        }
    }

    void awaitDatasetCurrent() throws InterruptedException {
        awaitFrames("dataset_current", frames -> frames.stream().anyMatch(Frame::datasetCurrent));
    }

    void awaitRecord(AccountChange change) throws InterruptedException {
        awaitFrames("a frame holding " + change, frames -> frames.stream().anyMatch(f -> f.records().contains(change)));
    }

    /** Waits until the copy equals {@code table}; a failure shows what differs. */
    void awaitView(Supplier<Map<Long, Account>> table) throws InterruptedException {
        if (!Eventually.within(Eventually.PATIENCE, () -> view().equals(table.get()))) {
            assertThat(ViewDiff.between(view(), table.get()))
                    .as("differences of the consumer's copy (stream ended by %s)", ending).isEmpty();
        }
    }

    boolean isRunning() {
        return thread.isAlive();
    }

    /** Interrupts the stream, as a consumer leaving does, and answers how it ended. */
    Throwable stop() throws InterruptedException {
        thread.interrupt();
        assertThat(thread.join(Duration.ofSeconds(5))).as("the stream ended after an interrupt").isTrue();
        return ending;
    }

    /** Waits for the stream to end by itself (only refusals and failures do). */
    Throwable awaitEnd() throws InterruptedException {
        assertThat(thread.join(Eventually.PATIENCE)).as("the stream ended").isTrue();
        return ending;
    }

    /** The index of the first of {@code frames} that is {@code which}; fails if there is none. */
    static int indexOf(List<Frame> frames, Predicate<Frame> which) {
        for (int i = 0; i < frames.size(); i++) {
            if (which.test(frames.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such frame among " + frames.size());
    }

    private void receive(Frame frame) throws InterruptedException {
        pace.beforeReceiving(frame);
        synchronized (this) {
            frames.add(frame);
            replica.apply(frame);
        }
    }

    private String summary() {
        List<Frame> all = frames();
        return all.size() + " (clear_all " + all.stream().filter(Frame::clearAll).count()
                + ", dataset_current " + all.stream().filter(Frame::datasetCurrent).count()
                + "), stream ended by " + ending;
    }
}
