package org.accountstream.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.accountstream.adapters.dynamodb.DynamoDbAccountTable;
import org.accountstream.adapters.memory.InMemoryAccountTable;
import org.accountstream.domain.Account;

/**
 * Writes a realistic mix to an accounts table (in memory, or DynamoDB in the embedded mode):
 * most writes change nothing a
 * consumer sees (as in Signal's table), the rest insert, delete, flip discoverability, change
 * pni or uak, change numbers, and move numbers between accounts (A releases X, then B claims X,
 * the interleaving that loses data in consumers keyed only by e164).
 *
 * <p>Like the real table, no two accounts hold one number at once. Single-threaded by design:
 * its bookkeeping of which numbers are taken is only correct with one writer.
 */
public final class DemoWriter {

    /** The table the writer writes to. */
    public interface Table {
        void put(Account account);

        void delete(UUID aci);

        Optional<Account> get(UUID aci);

        /** Writes many accounts; tables with batch writes override this. */
        default void putAll(List<Account> accounts) {
            accounts.forEach(this::put);
        }

        /** A table made of a store's own operations. */
        static Table of(Consumer<Account> put, Consumer<UUID> delete, Function<UUID, Optional<Account>> get,
                        Consumer<List<Account>> putAll) {
            return new Table() {
                @Override
                public void put(Account account) {
                    put.accept(account);
                }

                @Override
                public void delete(UUID aci) {
                    delete.accept(aci);
                }

                @Override
                public Optional<Account> get(UUID aci) {
                    return get.apply(aci);
                }

                @Override
                public void putAll(List<Account> accounts) {
                    putAll.accept(accounts);
                }
            };
        }
    }

    private static final int SEED_BATCH = 1000;
    private static final Duration FAILURE_PAUSE = Duration.ofSeconds(1);

    private static final Logger LOG = Logger.getLogger(DemoWriter.class.getName());
    private static final long FIRST_NUMBER = 14_155_550_000L;

    private final Table table;
    private final Random random;
    private final List<UUID> acis = new ArrayList<>();
    private final Set<Long> numbersInUse = new HashSet<>();
    private long nextFreshNumber = FIRST_NUMBER;
    private volatile Thread running;
    private long writes;

    public DemoWriter(Table table, long seed) {
        this.table = table;
        this.random = new Random(seed);
    }

    /** A writer of the in-memory table. */
    public static DemoWriter of(InMemoryAccountTable table, long seed) {
        return new DemoWriter(Table.of(table::put, table::delete, table::get, accounts -> accounts.forEach(table::put)),
                seed);
    }

    /** A writer of a DynamoDB accounts table, in batches where it can. */
    public static DemoWriter of(DynamoDbAccountTable table, long seed) {
        return new DemoWriter(Table.of(table::put, table::delete, table::get, table::putAll), seed);
    }

    /** Inserts {@code count} accounts, about 90% of them discoverable. */
    public synchronized void seed(int count) {
        List<Account> batch = new ArrayList<>(SEED_BATCH);
        for (int i = 0; i < count; i++) {
            batch.add(newAccount());
            if (batch.size() == SEED_BATCH || i == count - 1) {
                table.putAll(batch);
                batch.clear();
            }
        }
    }

    /**
     * Takes on the {@code count} accounts that {@link #seed} writes with this writer's seed,
     * without writing them: for a table that already holds them, e.g. a copy of a table seeded
     * with the same seed and count. Every later write then works on those accounts.
     *
     * @throws IllegalStateException if the table does not hold the last of them as seeding would
     *         have written it (a table seeded otherwise, or by a different version of this writer)
     */
    public synchronized void adoptSeeded(int count) {
        Account last = null;
        for (int i = 0; i < count; i++) {
            last = newAccount();
        }
        if (last != null && !table.get(last.aci()).map(last::equals).orElse(false)) {
            throw new IllegalStateException("the table does not hold the " + count
                    + " accounts this writer seeds: " + last + " is not there as seeded");
        }
    }

    /** Performs one random write. */
    public synchronized void writeOnce() {
        writes++;
        int dice = random.nextInt(100);
        if (acis.size() < 2 || dice < 8) {
            insert();
        } else if (dice < 12) {
            delete();
        } else if (dice < 24) {
            flipDiscoverable();
        } else if (dice < 36) {
            changeKeys();
        } else if (dice < 42) {
            changeNumber();
        } else if (dice < 48) {
            moveNumber();
        } else {
            table.put(table.get(randomAci()).orElseThrow()); // touches only fields nobody sees
        }
    }

    /**
     * Writes at {@code perSecond} on a background thread until {@code duration} has passed or
     * {@link #stop()} is called.
     */
    public synchronized void start(double perSecond, Duration duration) {
        if (running != null) {
            throw new IllegalStateException("already writing");
        }
        long intervalNanos = (long) (1_000_000_000L / perSecond);
        running = Thread.ofVirtual().name("demo-writer").start(() -> {
            long deadline = System.nanoTime() + duration.toNanos();
            long next = System.nanoTime();
            try {
                while (System.nanoTime() < deadline) {
                    if (!tryWriteOnce()) {
                        return; // interrupted inside a table call: stop() was called
                    }
                    next += intervalNanos;
                    long sleep = next - System.nanoTime();
                    if (sleep > 0) {
                        Thread.sleep(Duration.ofNanos(sleep));
                    }
                }
                LOG.info(() -> "demo writer finished after " + writes() + " writes");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * One write that survives a failing table: a demo should outlive a table hiccup. Answers
     * false when the failure was this thread being interrupted (table clients surface that as
     * their own exceptions).
     */
    private boolean tryWriteOnce() throws InterruptedException {
        try {
            writeOnce();
            return true;
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
            LOG.log(Level.WARNING, "demo write failed; going on", e);
            Thread.sleep(FAILURE_PAUSE);
            return true;
        }
    }

    /** Stops writing and waits until the last write is done. */
    public void stop() throws InterruptedException {
        Thread thread = running;
        if (thread != null) {
            thread.interrupt();
            thread.join();
            running = null;
        }
    }

    public synchronized long writes() {
        return writes;
    }

    private void insert() {
        table.put(newAccount());
    }

    private Account newAccount() {
        UUID aci = new UUID(random.nextLong(), random.nextLong());
        acis.add(aci);
        return new Account(aci, claimFreshNumber(), random.nextInt(10) != 0, maybeUuid(), randomUak());
    }

    private void delete() {
        UUID aci = acis.remove(random.nextInt(acis.size()));
        table.get(aci).ifPresent(account -> numbersInUse.remove(account.e164()));
        table.delete(aci);
    }

    private void flipDiscoverable() {
        Account a = table.get(randomAci()).orElseThrow();
        table.put(new Account(a.aci(), a.e164(), !a.discoverable(), a.pni(), a.uak()));
    }

    private void changeKeys() {
        Account a = table.get(randomAci()).orElseThrow();
        boolean newPni = random.nextBoolean();
        table.put(new Account(a.aci(), a.e164(), a.discoverable(),
                newPni ? maybeUuid() : a.pni(), newPni ? a.uak() : randomUak()));
    }

    private void changeNumber() {
        Account a = table.get(randomAci()).orElseThrow();
        long fresh = claimFreshNumber();
        numbersInUse.remove(a.e164());
        table.put(new Account(a.aci(), fresh, a.discoverable(), a.pni(), a.uak()));
    }

    /** A releases its number X (taking a fresh one), then B gives up its own and claims X. */
    private void moveNumber() {
        Account a = table.get(randomAci()).orElseThrow();
        Account b = table.get(randomAci()).orElseThrow();
        if (a.aci().equals(b.aci())) {
            return;
        }
        long moved = a.e164();
        table.put(new Account(a.aci(), claimFreshNumber(), a.discoverable(), a.pni(), a.uak()));
        numbersInUse.remove(b.e164());
        table.put(new Account(b.aci(), moved, true, b.pni(), b.uak()));
    }

    private UUID randomAci() {
        return acis.get(random.nextInt(acis.size()));
    }

    private long claimFreshNumber() {
        while (!numbersInUse.add(nextFreshNumber)) {
            nextFreshNumber++;
        }
        return nextFreshNumber++;
    }

    private UUID maybeUuid() {
        return random.nextInt(5) == 0 ? null : new UUID(random.nextLong(), random.nextLong());
    }

    private byte[] randomUak() {
        if (random.nextInt(5) == 0) {
            return new byte[0];
        }
        byte[] uak = new byte[16];
        random.nextBytes(uak);
        return uak;
    }
}
