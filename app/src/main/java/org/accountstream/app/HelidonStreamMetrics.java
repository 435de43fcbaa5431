package org.accountstream.app;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.accountstream.domain.TokenCheck;
import org.accountstream.ports.in.AccessDeniedException;
import org.accountstream.ports.out.StreamMetrics;

/** The service's counters as Helidon meters, served at {@code /observe/metrics}. */
final class HelidonStreamMetrics implements StreamMetrics, AutoCloseable {

    private final MeterRegistry registry = Metrics.globalRegistry();
    private final List<Meter> ofTheSources = new ArrayList<>();
    /** Held here: a functional counter keeps only a weak reference to what it reads. */
    private final List<LongSupplier> sourceCounts = new ArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private final Counter opened = counter("accountstream.streams.opened", "Streams opened");
    private final Counter records = counter("accountstream.records.sent", "Records sent to consumers");
    private final Counter sharedReads = registry.getOrCreate(Counter.builder("accountstream.feed.reads")
            .description("Reads of the change feed").tags(List.of(Tag.create("reader", "shared"))));
    private final Counter ownReads = registry.getOrCreate(Counter.builder("accountstream.feed.reads")
            .description("Reads of the change feed").tags(List.of(Tag.create("reader", "stream"))));
    private final Counter throttled = counter("accountstream.feed.throttled", "Feed reads refused by throttling");
    private final Counter itemsScanned = counter("accountstream.snapshot.items.scanned",
            "Items read by snapshot scans");
    private final Counter segmentsScanned = counter("accountstream.snapshot.segments.scanned",
            "Scan segments finished by snapshots");
    private final Counter segmentReadsJoined = counter("accountstream.snapshot.segment.reads.joined",
            "Segments a snapshot took from another snapshot's scheduled read instead of scanning them again");
    private final Counter snapshotsResumed = counter("accountstream.snapshots.resumed",
            "Snapshots continued from a token handed out during them instead of starting over");

    HelidonStreamMetrics() {
        registry.getOrCreate(Gauge.builder("accountstream.streams.open", open::get)
                .description("Streams open now"));
    }

    /**
     * Exports the sources' counts: of unreadable items, and of the feed's calls to its service. They
     * are the sources' own, so they leave the registry when this closes (another start in the same
     * JVM brings new sources).
     */
    void countSourceCalls(Map<String, LongSupplier> unreadableItems, Map<String, LongSupplier> feedCalls) {
        unreadableItems.forEach((read, count) -> exportSourceCount(count, "accountstream.items.unreadable",
                "Items of the table or its change feed that are not readable accounts, skipped and logged by key,"
                        + " by where they were read", Tag.create("read", read)));
        feedCalls.forEach((call, count) -> exportSourceCount(count, "accountstream.feed.calls",
                "Calls the change feed made to its service, by call (all readers of this server together)",
                Tag.create("call", call)));
    }

    private void exportSourceCount(LongSupplier count, String name, String description, Tag tag) {
        sourceCounts.add(count);
        ofTheSources.add(registry.getOrCreate(FunctionalCounter.builder(name, count, LongSupplier::getAsLong)
                .description(description).tags(List.of(tag))));
    }

    @Override
    public void close() {
        ofTheSources.forEach(registry::remove);
    }

    @Override
    public void streamOpened() {
        open.incrementAndGet();
        opened.increment();
    }

    @Override
    public void streamClosed() {
        open.decrementAndGet();
    }

    @Override
    public void streamRefused(String limit) {
        registry.getOrCreate(Counter.builder("accountstream.streams.refused")
                .description("Streams not admitted, by the limit they met (max-streams, stopping)")
                .tags(List.of(Tag.create("limit", limit))))
                .increment();
    }

    @Override
    public void tokenNotHonoured(TokenCheck.Reason reason) {
        registry.getOrCreate(Counter.builder("accountstream.tokens.not.honoured")
                .description("Continuation tokens set aside (the stream started over), by reason")
                .tags(List.of(Tag.create("reason", reason.name().toLowerCase()))))
                .increment();
    }

    @Override
    public void accessDenied(AccessDeniedException.Reason reason) {
        registry.getOrCreate(Counter.builder("accountstream.access.denied")
                .description("Clients refused: no or a wrong credential, or a range it does not cover")
                .tags(List.of(Tag.create("reason", reason.name().toLowerCase().replace('_', '-')))))
                .increment();
    }

    @Override
    public void recordsSent(int count) {
        records.increment(count);
    }

    @Override
    public void snapshotItemsScanned(int items) {
        itemsScanned.increment(items);
    }

    @Override
    public void snapshotSegmentScanned() {
        segmentsScanned.increment();
    }

    @Override
    public void snapshotResumed() {
        snapshotsResumed.increment();
    }

    @Override
    public void snapshotSegmentReadJoined() {
        segmentReadsJoined.increment();
    }

    @Override
    public void feedRead(boolean shared) {
        (shared ? sharedReads : ownReads).increment();
    }

    @Override
    public void feedThrottled() {
        throttled.increment();
    }

    private Counter counter(String name, String description) {
        return registry.getOrCreate(Counter.builder(name).description(description));
    }
}
