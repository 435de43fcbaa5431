package org.accountstream.ports.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.accountstream.domain.Account;
import org.accountstream.ports.out.ScanCursor;
import org.accountstream.ports.out.SnapshotSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link SnapshotSource} adapter promises the snapshot (DESIGN §6): its segments
 * together hold every account exactly once, a read continues from any page's cursor, from the
 * cursor after any account it yielded, and from either read back from its bytes without repeating
 * or skipping an account, bytes it did not make are refused, its table id holds, and a scan stops
 * when its thread is interrupted.
 *
 * <p>A real table may answer a Scan before it sees the latest writes, so the seeded accounts are
 * awaited for up to {@link Eventually#PATIENCE} before anything is asserted about them.
 */
@Timeout(60)
public abstract class SnapshotSourceContract {

    /** Enough accounts that a segment holds more than one page of any reasonable page size. */
    protected static final int MANY = 3000;

    private final TestAccounts accounts = new TestAccounts(7);

    /** A source over a fresh table holding exactly {@code accounts}. */
    protected abstract SnapshotSource sourceWith(List<Account> accounts) throws Exception;

    @AfterEach
    final void clearInterrupt() {
        Thread.interrupted(); // an interrupt test must not leak into the next test on this thread
    }

    @Test
    void everyAccountAppearsExactlyOnceAcrossAllSegments() throws Exception {
        List<Account> seeded = accounts.many(500);
        SnapshotSource source = sourceWith(seeded);

        List<List<List<Account>>> scan = scanUntilComplete(source, seeded);

        assertThat(scan.stream().flatMap(List::stream).flatMap(List::stream).toList())
                .containsExactlyInAnyOrderElementsOf(seeded);
    }

    @Test
    void segmentsAreDisjointAndStableBetweenScans() throws Exception {
        List<Account> seeded = accounts.many(500);
        SnapshotSource source = sourceWith(seeded);
        List<Set<UUID>> first = acisBySegment(scanUntilComplete(source, seeded));

        List<Set<UUID>> second = acisBySegment(scanAll(source));

        assertThat(source.segmentCount()).isPositive();
        assertThat(second).as("each segment holds the same accounts in every scan").isEqualTo(first);
        Set<UUID> seen = new HashSet<>();
        for (int segment = 0; segment < first.size(); segment++) {
            for (UUID aci : first.get(segment)) {
                assertThat(seen.add(aci)).as("%s is in segment %s and an earlier one", aci, segment).isTrue();
            }
        }
    }

    @Test
    void emptyTableYieldsNoPages() throws Exception {
        SnapshotSource source = sourceWith(List.of());

        assertThat(scanAll(source)).allSatisfy(pages -> assertThat(pages).isEmpty());
    }

    @Test
    void pagesAreNeverEmpty() throws Exception {
        List<Account> seeded = accounts.many(MANY);
        SnapshotSource source = sourceWith(seeded);

        List<List<List<Account>>> scan = scanUntilComplete(source, seeded);

        assertThat(scan.stream().flatMap(List::stream)).allSatisfy(page -> assertThat(page).isNotEmpty());
        assertThat(scan.stream().flatMap(List::stream).mapToInt(List::size).sum()).isEqualTo(MANY);
    }

    @Test
    void readingFromAPageCursorYieldsExactlyTheRestOfTheSegment() throws Exception {
        List<Account> seeded = accounts.many(MANY);
        SnapshotSource source = sourceWith(seeded);
        int segment = segmentWithPages(scanUntilComplete(source, seeded), 2);
        List<List<Account>> pages = new ArrayList<>();
        List<ScanCursor> cursors = new ArrayList<>();
        source.scanSegment(segment, ScanCursor.START, (page, next) -> {
            pages.add(List.copyOf(page));
            cursors.add(next);
        });

        List<Account> afterFirst = new ArrayList<>();
        source.scanSegment(segment, cursors.getFirst(), (page, next) -> afterFirst.addAll(page));
        List<Account> afterLast = new ArrayList<>();
        source.scanSegment(segment, cursors.getLast(), (page, next) -> afterLast.addAll(page));

        assertThat(afterFirst).containsExactlyInAnyOrderElementsOf(
                pages.subList(1, pages.size()).stream().flatMap(List::stream).toList());
        assertThat(afterLast).as("nothing follows the last page").isEmpty();
    }

    @Test
    void aCursorMadeElsewhereIsRejected() throws Exception {
        SnapshotSource source = sourceWith(accounts.many(10));
        ScanCursor foreign = new ScanCursor() {
        };

        assertThatThrownBy(() -> source.scanSegment(0, foreign, (page, next) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readingFromTheCursorAfterAnAccountYieldsExactlyTheRestOfTheSegment() throws Exception {
        List<Account> seeded = accounts.many(MANY);
        SnapshotSource source = sourceWith(seeded);
        int segment = segmentWithPages(scanUntilComplete(source, seeded), 2);
        List<List<Account>> pages = new ArrayList<>();
        source.scanSegment(segment, ScanCursor.START, (page, next) -> pages.add(List.copyOf(page)));
        List<Account> all = pages.stream().flatMap(List::stream).toList();

        // Mid-page: a cursor the read never handed out, as a resumed snapshot makes one.
        for (int index : List.of(0, pages.getFirst().size() / 2, all.size() / 2)) {
            assertThat(readFrom(source, segment, source.cursorAfter(all.get(index))))
                    .as("after account %s of %s", index, all.size())
                    .containsExactlyInAnyOrderElementsOf(all.subList(index + 1, all.size()));
        }
    }

    @Test
    void cursorsReadBackFromTheirBytesContinueWhereTheyDid() throws Exception {
        List<Account> seeded = accounts.many(MANY);
        SnapshotSource source = sourceWith(seeded);
        int segment = segmentWithPages(scanUntilComplete(source, seeded), 2);
        List<List<Account>> pages = new ArrayList<>();
        List<ScanCursor> pageCursors = new ArrayList<>();
        source.scanSegment(segment, ScanCursor.START, (page, next) -> {
            pages.add(List.copyOf(page));
            pageCursors.add(next);
        });
        List<Account> all = pages.stream().flatMap(List::stream).toList();
        // Each cursor with the accounts the read yielded before it.
        Map<ScanCursor, Integer> cursors = new LinkedHashMap<>();
        cursors.put(ScanCursor.START, 0);
        int delivered = 0;
        for (int page = 0; page < pages.size(); page++) {
            delivered += pages.get(page).size();
            cursors.put(pageCursors.get(page), delivered);
        }
        int lastOfFirstPage = pages.getFirst().size() - 1;
        for (int index : List.of(0, all.size() / 2, lastOfFirstPage, all.size() - 1)) {
            cursors.put(source.cursorAfter(all.get(index)), index + 1);
        }

        for (Map.Entry<ScanCursor, Integer> cursor : cursors.entrySet()) {
            byte[] bytes = source.cursorBytes(cursor.getKey());
            assertThat(source.cursorBytes(source.cursorFromBytes(bytes))).as("bytes of %s", cursor.getKey())
                    .isEqualTo(bytes);
            assertThat(readFrom(source, segment, source.cursorFromBytes(bytes)))
                    .as("read from the bytes of %s", cursor.getKey())
                    .containsExactlyInAnyOrderElementsOf(all.subList(cursor.getValue(), all.size()));
        }
        assertThat(source.cursorBytes(ScanCursor.START)).as("the start of a segment").isEmpty();
    }

    @Test
    void bytesThisSourceDidNotMakeAreRefused() throws Exception {
        SnapshotSource source = sourceWith(accounts.many(10));
        byte[] real = source.cursorBytes(source.cursorAfter(accounts.next()));
        byte[] huge = new byte[100_000];
        Arrays.fill(huge, (byte) 0xff);
        List<byte[]> garbage = List.of(
                Arrays.copyOf(real, real.length - 1),
                Arrays.copyOf(real, real.length + 1),
                Arrays.copyOf(real, real.length * 3),
                huge,
                "not a cursor".getBytes(StandardCharsets.UTF_8));

        for (byte[] bytes : garbage) {
            // Any other exception would reach a client as an internal error instead of a fresh start.
            assertThatThrownBy(() -> source.cursorFromBytes(bytes)).as("%s bytes", bytes.length)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> source.cursorBytes(new ScanCursor() {
        })).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tableIdIsStableBetweenCallsAndScans() throws Exception {
        List<Account> seeded = accounts.many(500);
        SnapshotSource source = sourceWith(seeded);
        String before = source.tableId();

        scanUntilComplete(source, seeded);

        assertThat(before).isNotBlank();
        assertThat(source.tableId()).isEqualTo(before).isEqualTo(source.tableId());
    }

    @Test
    void consumerThrowingInterruptedExceptionStopsTheScan() throws Exception {
        List<Account> seeded = accounts.many(MANY);
        SnapshotSource source = sourceWith(seeded);
        int segment = segmentWithPages(scanUntilComplete(source, seeded), 1);
        AtomicInteger pages = new AtomicInteger();

        assertThatThrownBy(() -> source.scanSegment(segment, page -> {
            pages.incrementAndGet();
            throw new InterruptedException("consumer left");
        })).isInstanceOf(InterruptedException.class);
        assertThat(pages).hasValue(1);
    }

    @Test
    void interruptStopsTheScanWithInterruptedException() throws Exception {
        List<Account> seeded = accounts.many(MANY);
        SnapshotSource source = sourceWith(seeded);
        List<List<List<Account>>> scan = scanUntilComplete(source, seeded);
        int segment = segmentWithPages(scan, 2);
        AtomicInteger pages = new AtomicInteger();

        // Returning normally would read as "segment exhausted": the snapshot would silently be short.
        assertThatThrownBy(() -> source.scanSegment(segment, page -> {
            pages.incrementAndGet();
            Thread.currentThread().interrupt();
        })).isInstanceOf(InterruptedException.class);
        assertThat(pages).as("pages delivered after the interrupt").hasValue(1);
    }

    private static List<Account> readFrom(SnapshotSource source, int segment, ScanCursor from)
            throws InterruptedException {
        List<Account> read = new ArrayList<>();
        source.scanSegment(segment, from, (page, next) -> read.addAll(page));
        return read;
    }

    /** Pages of every segment, segment by segment. */
    private static List<List<List<Account>>> scanAll(SnapshotSource source) throws InterruptedException {
        List<List<List<Account>>> segments = new ArrayList<>();
        for (int segment = 0; segment < source.segmentCount(); segment++) {
            List<List<Account>> pages = new ArrayList<>();
            source.scanSegment(segment, page -> pages.add(List.copyOf(page)));
            segments.add(pages);
        }
        return segments;
    }

    /** Scans until every expected account shows up (or the patience runs out). */
    private static List<List<List<Account>>> scanUntilComplete(SnapshotSource source, List<Account> expected)
            throws InterruptedException {
        Set<UUID> wanted = new HashSet<>(expected.stream().map(Account::aci).toList());
        List<List<List<Account>>> scan = new ArrayList<>();
        Eventually.within(Eventually.PATIENCE, () -> {
            try {
                scan.clear();
                scan.addAll(scanAll(source));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
            return acisBySegment(scan).stream().flatMap(Set::stream).collect(Collectors.toSet()).containsAll(wanted);
        });
        return scan;
    }

    private static List<Set<UUID>> acisBySegment(List<List<List<Account>>> scan) {
        return scan.stream()
                .map(pages -> Set.copyOf(pages.stream().flatMap(List::stream).map(Account::aci).toList()))
                .toList();
    }

    private static int segmentWithPages(List<List<List<Account>>> scan, int atLeast) {
        for (int segment = 0; segment < scan.size(); segment++) {
            if (scan.get(segment).size() >= atLeast) {
                return segment;
            }
        }
        assumeTrue(false, "no segment has " + atLeast + " pages; seed more accounts for this adapter");
        return -1;
    }
}
