package org.accountstream.ports.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;
import org.accountstream.domain.Frame;
import org.accountstream.domain.StreamSession;
import org.accountstream.ports.in.FrameSink;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.SnapshotSource;

/**
 * Runs the fresh start of a stream: clear-all, the start horizon captured <em>before</em> the
 * scan (DESIGN §6), then the parallel scan. Each scanning thread holds one page and waits for the
 * consumer while sending it, so a snapshot never has more than {@code scanParallelism} pages
 * in memory, however slow its consumer.
 */
final class SnapshotStreamer {

    private final SnapshotSource source;
    private final ChangeFeed feed;
    private final ServiceSettings settings;

    SnapshotStreamer(SnapshotSource source, ChangeFeed feed, ServiceSettings settings) {
        this.source = source;
        this.feed = feed;
        this.settings = settings;
    }

    /** Sends a whole fresh snapshot to {@code sink} and returns the session, ready to tail. */
    void stream(StreamSession session, FrameSink sink) throws InterruptedException {
        sink.send(session.clearAll());
        session.startHorizonCaptured(feed.captureHead());
        List<Integer> segments = new ArrayList<>(IntStream.range(0, source.segmentCount()).boxed().toList());
        Collections.shuffle(segments); // concurrent snapshots spread over the table instead of queueing
        AtomicInteger nextSegment = new AtomicInteger();
        ReentrantLock sending = new ReentrantLock();
        int workers = Math.min(settings.scanParallelism(), Math.max(1, segments.size()));
        try (ExecutorService scanners = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                running.add(scanners.submit(() -> {
                    for (int s = nextSegment.getAndIncrement(); s < segments.size(); s = nextSegment.getAndIncrement()) {
                        source.scanSegment(segments.get(s), page -> {
                            sending.lockInterruptibly();
                            try {
                                for (Frame frame : session.snapshotPage(page)) {
                                    sink.send(frame);
                                }
                            } finally {
                                sending.unlock();
                            }
                        });
                    }
                    return null;
                }));
            }
            awaitAll(running);
        }
        for (Frame frame : session.snapshotFinished()) {
            sink.send(frame);
        }
    }

    private static void awaitAll(List<Future<?>> running) throws InterruptedException {
        try {
            for (Future<?> future : running) {
                future.get();
            }
        } catch (ExecutionException e) {
            running.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("snapshot scan failed", e.getCause());
        } catch (InterruptedException e) {
            running.forEach(f -> f.cancel(true));
            throw e;
        }
    }
}
