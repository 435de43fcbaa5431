package org.accountstream.app;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import java.util.concurrent.atomic.AtomicInteger;
import org.accountstream.domain.TokenCheck;
import org.accountstream.ports.out.StreamMetrics;

/** The service's counters as Helidon meters, served at {@code /observe/metrics}. */
final class HelidonStreamMetrics implements StreamMetrics {

    private final MeterRegistry registry = Metrics.globalRegistry();
    private final AtomicInteger open = new AtomicInteger();
    private final Counter opened = counter("accountstream.streams.opened", "Streams opened");
    private final Counter records = counter("accountstream.records.sent", "Records sent to consumers");
    private final Counter sharedReads = registry.getOrCreate(Counter.builder("accountstream.feed.reads")
            .description("Reads of the change feed").tags(java.util.List.of(Tag.create("reader", "shared"))));
    private final Counter ownReads = registry.getOrCreate(Counter.builder("accountstream.feed.reads")
            .description("Reads of the change feed").tags(java.util.List.of(Tag.create("reader", "stream"))));
    private final Counter throttled = counter("accountstream.feed.throttled", "Feed reads refused by throttling");
    private final Counter itemsScanned = counter("accountstream.snapshot.items.scanned",
            "Items read by snapshot scans");
    private final Counter segmentsScanned = counter("accountstream.snapshot.segments.scanned",
            "Scan segments finished by snapshots");
    private final Counter segmentReadsJoined = counter("accountstream.snapshot.segment.reads.joined",
            "Segments a snapshot took from another snapshot's scheduled read instead of scanning them again");

    HelidonStreamMetrics() {
        registry.getOrCreate(Gauge.builder("accountstream.streams.open", open::get)
                .description("Streams open now"));
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
    public void tokenNotHonoured(TokenCheck.Reason reason) {
        registry.getOrCreate(Counter.builder("accountstream.tokens.not.honoured")
                .description("Continuation tokens set aside (the stream started over), by reason")
                .tags(java.util.List.of(Tag.create("reason", reason.name().toLowerCase()))))
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
