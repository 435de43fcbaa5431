package org.accountstream.adapters.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.ChangeDerivation;
import org.accountstream.ports.out.ScanCursor;
import org.accountstream.ports.out.SnapshotSource;

/**
 * An accounts table in memory, cut into scan segments by aci hash like DynamoDB's parallel Scan.
 * A segment is kept in aci order, so a scan can continue after the last aci it handed out.
 * Every write derives its changes (DESIGN §3) and appends them to the change feed while the
 * account's segment is locked, so one account's changes enter the feed in the order they were
 * written.
 *
 * <p><b>Invariant: a write is visible to scans before its changes enter the feed.</b> A snapshot
 * captures the feed's head and then scans (DESIGN §6); if a change could precede the head while
 * its write was still invisible to the scan, the consumer would miss it for ever. The reverse
 * (seen by the scan and replayed from the feed) is harmless.
 */
public final class InMemoryAccountTable implements SnapshotSource {

    private static final int PAGE_SIZE = 1000;

    private final List<ConcurrentSkipListMap<UUID, Account>> segments;
    private final InMemoryChangeFeed feed;
    private final String tableId;

    public InMemoryAccountTable(int segmentCount, InMemoryChangeFeed feed) {
        if (segmentCount < 1) {
            throw new IllegalArgumentException("at least one segment");
        }
        this.segments = new ArrayList<>(segmentCount);
        for (int i = 0; i < segmentCount; i++) {
            segments.add(new ConcurrentSkipListMap<>());
        }
        this.feed = feed;
        this.tableId = "memory:" + feed.feedId(); // rows live and die with the feed they publish to
    }

    /** Inserts or replaces the account with {@code account.aci()}. */
    public void put(Account account) {
        ConcurrentSkipListMap<UUID, Account> segment = segmentOf(account.aci());
        synchronized (segment) { // writers only; scans and gets read the map without locking
            Account before = segment.put(account.aci(), account);
            publish(account.aci(), before, account);
        }
    }

    public void delete(UUID aci) {
        ConcurrentSkipListMap<UUID, Account> segment = segmentOf(aci);
        synchronized (segment) {
            Account before = segment.remove(aci);
            if (before != null) {
                publish(aci, before, null);
            }
        }
    }

    public Optional<Account> get(UUID aci) {
        return Optional.ofNullable(segmentOf(aci).get(aci));
    }

    /** Every account, for tests that compare a consumer's copy with the table. */
    public List<Account> all() {
        return segments.stream().flatMap(s -> s.values().stream()).toList();
    }

    public int size() {
        return segments.stream().mapToInt(ConcurrentSkipListMap::size).sum();
    }

    @Override
    public int segmentCount() {
        return segments.size();
    }

    @Override
    public void scanSegment(int segment, ScanCursor from, PageConsumer pages) throws InterruptedException {
        ConcurrentSkipListMap<UUID, Account> accounts = segments.get(segment);
        Iterable<Account> rest;
        if (from == ScanCursor.START) {
            rest = accounts.values();
        } else if (from instanceof AfterAci after) {
            rest = accounts.tailMap(after.aci(), false).values();
        } else {
            throw new IllegalArgumentException("not a cursor of this table: " + from);
        }
        List<Account> page = new ArrayList<>(PAGE_SIZE);
        for (Account account : rest) {
            page.add(account);
            if (page.size() == PAGE_SIZE) {
                pages.accept(page, new AfterAci(account.aci()));
                page = new ArrayList<>(PAGE_SIZE);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("scan of segment " + segment + " cancelled");
            }
        }
        if (!page.isEmpty()) {
            pages.accept(page, new AfterAci(page.getLast().aci()));
        }
    }

    @Override
    public String tableId() {
        return tableId;
    }

    @Override
    public ScanCursor cursorAfter(Account account) {
        return new AfterAci(account.aci());
    }

    /** Empty for the start of a segment, else the 16 bytes of the aci to continue after. */
    @Override
    public byte[] cursorBytes(ScanCursor cursor) {
        if (cursor == ScanCursor.START) {
            return new byte[0];
        }
        if (cursor instanceof AfterAci after) {
            return AciRange.uuidBytes(after.aci());
        }
        throw new IllegalArgumentException("not a cursor of this table: " + cursor);
    }

    @Override
    public ScanCursor cursorFromBytes(byte[] bytes) {
        return switch (bytes.length) {
            case 0 -> ScanCursor.START;
            case 16 -> new AfterAci(AciRange.uuidFromBytes(bytes));
            default -> throw new IllegalArgumentException("not a cursor of this table: " + bytes.length + " bytes");
        };
    }

    /** Continues a segment after {@code aci}, in aci order. */
    private record AfterAci(UUID aci) implements ScanCursor {
    }

    private void publish(UUID aci, Account before, Account after) {
        List<AccountChange> changes = ChangeDerivation.derive(before, after);
        if (!changes.isEmpty()) {
            feed.append(aci, changes);
        }
    }

    private ConcurrentSkipListMap<UUID, Account> segmentOf(UUID aci) {
        return segments.get(Math.floorMod(aci.hashCode(), segments.size()));
    }
}
