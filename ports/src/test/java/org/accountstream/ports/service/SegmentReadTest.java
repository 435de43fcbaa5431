package org.accountstream.ports.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.accountstream.domain.Account;
import org.accountstream.ports.contract.Eventually;
import org.accountstream.ports.contract.TestAccounts;
import org.accountstream.ports.out.ScanCursor;
import org.accountstream.ports.out.SnapshotSource;
import org.accountstream.ports.out.StreamMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One segment read shared by two snapshots: buffers, detaching, continuing from a cursor, stopping. */
@Timeout(30)
class SegmentReadTest {

    private static final int PAGES = 10;
    private static final int PAGE = SharedSegmentReads.BUFFERED_ACCOUNTS / 4;

    private final PagedSegment source = new PagedSegment(new TestAccounts(3).many(PAGES * PAGE));
    private final SharedSegmentReads reads = new SharedSegmentReads(source, StreamMetrics.NONE);

    @Test
    void twoSnapshotsTakingASegmentTogetherShareOneRead() throws Exception {
        source.holdStart();
        SegmentRead.Subscription first = reads.subscribeAll().getFirst();
        SegmentRead.Subscription second = reads.subscribeAll().getFirst();

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Account>> one = threads.submit(() -> take(first));
            awaitStarted();
            Future<List<Account>> two = threads.submit(() -> take(second));
            awaitTaking(second);
            source.releaseStart();

            assertThat(one.get()).containsExactlyElementsOf(source.accounts);
            assertThat(two.get()).containsExactlyElementsOf(source.accounts);
        }
        assertThat(source.readsFrom).as("reads of the segment").containsExactly(ScanCursor.START);
    }

    @Test
    void aSubscriberThatFallsBehindContinuesFromItsLastPageWithoutHoldingTheOtherBack() throws Exception {
        source.holdStart();
        SegmentRead.Subscription stalled = reads.subscribeAll().getFirst();
        SegmentRead.Subscription fast = reads.subscribeAll().getFirst();
        CountDownLatch stall = new CountDownLatch(1);

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Account>> slow = threads.submit(() -> take(stalled, stall, 1));
            awaitStarted();
            Future<List<Account>> quick = threads.submit(() -> take(fast));
            awaitTaking(fast);
            source.releaseStart();

            assertThat(quick.get(10, TimeUnit.SECONDS)).as("while the other is stalled")
                    .containsExactlyElementsOf(source.accounts);
            stall.countDown();
            assertThat(slow.get()).containsExactlyElementsOf(source.accounts);
        }
        assertThat(source.readsFrom).hasSize(2).first().isEqualTo(ScanCursor.START);
        assertThat(source.readsFrom.get(1)).as("the stalled one's own read").isNotEqualTo(ScanCursor.START);
    }

    @Test
    void aReadStopsWhenItsLastSubscriberLeaves() throws Exception {
        SegmentRead.Subscription only = reads.subscribeAll().getFirst();
        CountDownLatch never = new CountDownLatch(1);

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Account>> taking = threads.submit(() -> take(only, never, 1));
            Eventually.await("the read waits for room", Eventually.PATIENCE, () -> source.pagesRead.get() >= 2);
            taking.cancel(true);

            Eventually.await("the read stopped", Eventually.PATIENCE, () -> source.running.get() == 0);
        }
        assertThat(source.pagesRead.get()).as("pages read of %s", PAGES).isLessThan(PAGES);
    }

    /** The first subscriber to take the segment started the read, which waits at its start. */
    private void awaitStarted() throws InterruptedException {
        Eventually.await("the read started", Eventually.PATIENCE, () -> source.held.get() == 1);
    }

    private static void awaitTaking(SegmentRead.Subscription subscription) throws InterruptedException {
        Eventually.await("the second subscriber takes the segment", Eventually.PATIENCE,
                () -> !subscription.startedWithoutMe());
    }

    /** Takes the whole segment without pausing. */
    private static List<Account> take(SegmentRead.Subscription subscription) throws InterruptedException {
        List<Account> taken = new ArrayList<>();
        subscription.readInto((accounts, next) -> taken.addAll(accounts));
        subscription.leave();
        return taken;
    }

    /** Takes the segment, waiting for {@code resume} after its first {@code pagesBeforePause} pages. */
    private static List<Account> take(SegmentRead.Subscription subscription, CountDownLatch resume,
                                      int pagesBeforePause) throws InterruptedException {
        List<Account> taken = new ArrayList<>();
        subscription.readInto((accounts, next) -> {
            if (taken.size() == pagesBeforePause * PAGE) {
                resume.await();
            }
            taken.addAll(accounts);
        });
        subscription.leave();
        return taken;
    }

    /** One segment of fixed pages; a page's cursor is its index. */
    private static final class PagedSegment implements SnapshotSource {
        final List<Account> accounts;
        final List<ScanCursor> readsFrom = new CopyOnWriteArrayList<>();
        final AtomicInteger pagesRead = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger held = new AtomicInteger();
        private final CountDownLatch start = new CountDownLatch(1);
        private volatile boolean holding;

        PagedSegment(List<Account> accounts) {
            this.accounts = accounts;
        }

        void holdStart() {
            holding = true;
        }

        void releaseStart() {
            start.countDown();
        }

        @Override
        public int segmentCount() {
            return 1;
        }

        @Override
        public void scanSegment(int segment, ScanCursor from, PageConsumer pages) throws InterruptedException {
            readsFrom.add(from);
            running.incrementAndGet();
            try {
                if (holding && readsFrom.size() == 1) {
                    held.incrementAndGet();
                    start.await();
                    held.decrementAndGet();
                }
                int first = from == ScanCursor.START ? 0 : ((PageIndex) from).index() + 1;
                for (int page = first; page < PAGES; page++) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException("read cancelled");
                    }
                    pagesRead.incrementAndGet();
                    pages.accept(accounts.subList(page * PAGE, (page + 1) * PAGE), new PageIndex(page));
                }
            } finally {
                running.decrementAndGet();
            }
        }
    }

    private record PageIndex(int index) implements ScanCursor {
    }
}
