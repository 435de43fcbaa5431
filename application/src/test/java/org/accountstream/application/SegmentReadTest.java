package org.accountstream.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
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
    private final SharedSegmentReads reads = new SharedSegmentReads(source, StreamMetrics.NONE, Ticker.SYSTEM);

    @Test
    void twoSnapshotsTakingASegmentTogetherShareOneRead() throws Exception {
        // Three pages fit in a subscriber's buffer, so neither can fall far enough behind the other
        // to be detached, however the two are scheduled: one read, whatever the machine's load.
        PagedSegment threePages = new PagedSegment(new TestAccounts(3).many(3 * PAGE));
        SharedSegmentReads sharedReads = new SharedSegmentReads(threePages, StreamMetrics.NONE, Ticker.SYSTEM);
        threePages.holdStart();
        SegmentRead.Subscription first = onlySegment(sharedReads);
        SegmentRead.Subscription second = onlySegment(sharedReads);

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Account>> one = threads.submit(() -> take(first));
            awaitStarted(threePages);
            Future<List<Account>> two = threads.submit(() -> take(second));
            awaitTaking(second);
            threePages.releaseStart();

            assertThat(one.get()).containsExactlyElementsOf(threePages.accounts);
            assertThat(two.get()).containsExactlyElementsOf(threePages.accounts);
        }
        assertThat(threePages.readsFrom).as("reads of the segment").containsExactly(ScanCursor.START);
    }

    @Test
    void aSubscriberThatFallsBehindContinuesFromItsLastPageWithoutHoldingTheOtherBack() throws Exception {
        source.holdStart();
        SegmentRead.Subscription stalled = onlySegment(reads);
        SegmentRead.Subscription fast = onlySegment(reads);
        CountDownLatch stall = new CountDownLatch(1);
        // The shared read waits for the fast one to take each page before reading the next, so the
        // fast one never falls behind, however it is scheduled: only the stalled one is detached.
        Semaphore fastTookAPage = new Semaphore(0);
        source.paceBy(fastTookAPage);

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Account>> slow = threads.submit(() -> take(stalled, pausingAfterPage(1, stall)));
            awaitStarted(source);
            Future<List<Account>> quick = threads.submit(() -> take(fast, taken -> fastTookAPage.release()));
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
        SegmentRead.Subscription only = onlySegment(reads);
        CountDownLatch never = new CountDownLatch(1);

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Account>> taking = threads.submit(() -> take(only, pausingAfterPage(1, never)));
            Eventually.await("the read waits for room", Eventually.PATIENCE, () -> source.pagesRead.get() >= 2);
            taking.cancel(true);

            Eventually.await("the read stopped", Eventually.PATIENCE, () -> source.running.get() == 0);
        }
        assertThat(source.pagesRead.get()).as("pages read of %s", PAGES).isLessThan(PAGES);
    }

    /** The first subscriber to take the segment started the read, which waits at its start. */
    private static void awaitStarted(PagedSegment source) throws InterruptedException {
        Eventually.await("the read started", Eventually.PATIENCE, () -> source.held.get() == 1);
    }

    private static void awaitTaking(SegmentRead.Subscription subscription) throws InterruptedException {
        Eventually.await("the second subscriber takes the segment", Eventually.PATIENCE,
                () -> !subscription.startedWithoutMe());
    }

    /** Takes the whole segment without pausing. */
    private static List<Account> take(SegmentRead.Subscription subscription) throws InterruptedException {
        return take(subscription, taken -> { });
    }

    /** What a taker does after each page, given all it has taken so far. */
    @FunctionalInterface
    private interface AfterPage {
        void taken(List<Account> taken) throws InterruptedException;
    }

    /** Takes the whole segment, calling {@code afterPage} after each page. */
    private static List<Account> take(SegmentRead.Subscription subscription, AfterPage afterPage)
            throws InterruptedException {
        List<Account> taken = new ArrayList<>();
        subscription.readInto((accounts, next) -> {
            taken.addAll(accounts);
            afterPage.taken(taken);
        });
        subscription.leave();
        return taken;
    }

    /** Waits for {@code resume} once the first {@code pages} pages are taken. */
    private static AfterPage pausingAfterPage(int pages, CountDownLatch resume) {
        return taken -> {
            if (taken.size() == pages * PAGE) {
                resume.await();
            }
        };
    }

    /** A subscription to the one segment, read from its start. */
    private static SegmentRead.Subscription onlySegment(SharedSegmentReads reads) {
        return reads.subscribe(new TreeMap<>(Map.of(0, ScanCursor.START))).getFirst();
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
        private volatile Semaphore pace; // when set, the read from the start takes a permit per page after the first

        PagedSegment(List<Account> accounts) {
            this.accounts = accounts;
        }

        void holdStart() {
            holding = true;
        }

        void releaseStart() {
            start.countDown();
        }

        void paceBy(Semaphore permits) {
            pace = permits;
        }

        @Override
        public int segmentCount() {
            return 1;
        }

        @Override
        public String tableId() {
            return "paged";
        }

        @Override
        public ScanCursor cursorAfter(Account account) {
            throw new UnsupportedOperationException("shared reads continue from page cursors only");
        }

        @Override
        public byte[] cursorBytes(ScanCursor cursor) {
            throw new UnsupportedOperationException("shared reads keep cursors in memory");
        }

        @Override
        public ScanCursor cursorFromBytes(byte[] bytes) {
            throw new UnsupportedOperationException("shared reads keep cursors in memory");
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
                for (int page = first; page < accounts.size() / PAGE; page++) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException("read cancelled");
                    }
                    if (pace != null && from == ScanCursor.START && page > first) {
                        pace.acquire();
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
