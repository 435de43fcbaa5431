package org.accountstream.application;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.accountstream.domain.ShardLineage;
import org.accountstream.domain.SnapshotProgress;
import org.accountstream.domain.StreamSession;
import org.accountstream.domain.TokenCheck;
import org.accountstream.domain.TokenCodec;
import org.accountstream.ports.in.FrameSink;
import org.accountstream.ports.in.ServerStoppingException;
import org.accountstream.ports.in.ServiceReadiness;
import org.accountstream.ports.in.StreamAccountsUseCase;
import org.accountstream.ports.in.StreamRequest;
import org.accountstream.ports.in.UpstreamUnavailableException;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.out.SnapshotSource;
import org.accountstream.ports.out.SourceUnavailableException;
import org.accountstream.ports.out.StreamMetrics;

/**
 * Runs stream sessions against a snapshot source and a change feed: resume from a token when it
 * can be honoured, otherwise clear-all and a fresh snapshot, then tail for ever. A horizon that
 * is trimmed while being tailed also starts over, so a consumer never silently misses a change.
 * Each stream runs on its caller's thread (a virtual thread per consumer); tails are shared.
 *
 * <p>The service owns every stream's lifecycle, whatever transport carries it: it admits streams
 * up to the limit ({@link OpenStreams}), lets snapshots wait their turn beyond theirs, ends every
 * stream when it stops, and says when it is ready ({@link ServiceReadiness}).
 */
public final class AccountStreamService implements StreamAccountsUseCase, ServiceReadiness, AutoCloseable {

    private final SnapshotSource source;
    private final ChangeFeed feed;
    private final TokenCodec tokens;
    private final ServiceSettings settings;
    private final StreamMetrics metrics;
    private final SharedShardTails tails;
    private final SnapshotStreamer snapshots;
    private final FeedTailer tailer;
    private final Ticker ticker;
    private final OpenStreams open;
    private final Readiness readiness = new Readiness();
    private final FeedWarmUp warmUp;

    public AccountStreamService(SnapshotSource source, ChangeFeed feed, TokenCodec tokens,
                                ServiceSettings settings, StreamMetrics metrics) {
        this(source, feed, tokens, settings, metrics, Ticker.SYSTEM);
    }

    /** @param ticker where the engine's timeouts and "before/after" decisions take their now from */
    public AccountStreamService(SnapshotSource source, ChangeFeed feed, TokenCodec tokens,
                                ServiceSettings settings, StreamMetrics metrics, Ticker ticker) {
        this.source = source;
        this.feed = feed;
        this.tokens = tokens;
        this.settings = settings;
        this.metrics = metrics;
        this.tails = new SharedShardTails(feed, settings, metrics, ticker);
        this.snapshots = new SnapshotStreamer(source, feed, settings, metrics, ticker);
        this.tailer = new FeedTailer(feed, tails, settings, metrics, ticker);
        this.ticker = ticker;
        this.open = new OpenStreams(settings.limits().maxStreams(), metrics);
        this.warmUp = new FeedWarmUp(feed, readiness);
    }

    @Override
    public void streamAccounts(StreamRequest request, FrameSink sink) throws InterruptedException {
        TokenCheck check = tokens.check(request.continuationToken(), feed.feedId(), request.range());
        open.admit();
        try {
            stream(check, request, sink);
        } catch (InterruptedException | RuntimeException e) {
            if (open.stopping()) {
                // Stopping interrupted the stream, whatever an adapter made of the interrupt.
                throw new ServerStoppingException();
            }
            throw e;
        } finally {
            open.leave();
        }
    }

    private void stream(TokenCheck check, StreamRequest request, FrameSink sink) throws InterruptedException {
        StreamSession.Opening opening = StreamSession.open(check, () -> new ShardLineage(feed.listShards()),
                this::otherScan);
        metrics.streamOpened();
        try {
            StreamSession session = switch (opening) {
                case StreamSession.Opening.Resume resume -> StreamSession.resume(feed.feedId(), request.range(),
                        tokens, settings.pageSize(), settings.bookmarkInterval(), resume.horizon(), ticker.nanos());
                case StreamSession.Opening.ResumeSnapshot resume -> {
                    StreamSession resumed = StreamSession.resumeSnapshot(feed.feedId(), request.range(), tokens,
                            settings.pageSize(), settings.bookmarkInterval(), tokensDuringSnapshot(request),
                            resume.start(), resume.progress());
                    snapshots.stream(resumed, sink);
                    yield resumed;
                }
                case StreamSession.Opening.Fresh fresh -> freshStart(request, sink, fresh.notHonoured());
            };
            while (true) {
                tailer.tailUntilTrimmed(session, sink);
                session = freshStart(request, sink, Optional.of(TokenCheck.Reason.TRIMMED));
            }
        } catch (SourceUnavailableException e) {
            throw new UpstreamUnavailableException(e.getMessage(), e);
        } finally {
            metrics.streamClosed();
        }
    }

    /**
     * Why a mid-snapshot token's scan is not this server's, if it is not: another table, another
     * segment count, or cursors this source did not make.
     */
    private Optional<TokenCheck.Reason> otherScan(SnapshotProgress progress) {
        if (progress.segmentCount() != source.segmentCount()) {
            return Optional.of(TokenCheck.Reason.OTHER_SEGMENT_COUNT);
        }
        if (!progress.tableId().equals(source.tableId())) {
            return Optional.of(TokenCheck.Reason.OTHER_TABLE);
        }
        try {
            snapshots.segmentsToRead(Optional.of(progress));
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(TokenCheck.Reason.MALFORMED); // authentic, so only a server bug could make one
        }
    }

    /** Snapshot pages carry tokens when the consumer asked and every replica reads them (DESIGN §5). */
    private boolean tokensDuringSnapshot(StreamRequest request) {
        return request.resumableSnapshot() && tokens.writesSnapshotProgress();
    }

    /** Shared tails currently reading the feed; one per shard however many streams tail it. */
    public int activeSharedTails() {
        return tails.activeTails();
    }

    /** Snapshots waiting for their turn now (beyond the limit of snapshots under way). */
    public int snapshotsWaiting() {
        return snapshots.waiting();
    }

    /** Streams open now, whatever transport carries them. */
    public int openStreams() {
        return open.count();
    }

    @Override
    public boolean ready() {
        return readiness.ready();
    }

    @Override
    public void onReadinessChange(Consumer<Boolean> listener) {
        readiness.onReadinessChange(listener);
    }

    /**
     * Stops serving: not ready from now on, new streams are refused and the open ones end (their
     * transports say {@link ServerStoppingException} to each client, or reset a client that is
     * not reading); waits up to {@code grace} for them. Answers whether every stream ended.
     */
    public boolean stop(Duration grace) throws InterruptedException {
        readiness.stopping();
        warmUp.stop();
        return open.stop(grace);
    }

    /** Stops at once and stops the shared work (tails, warm-up) too. */
    @Override
    public void close() throws InterruptedException {
        stop(Duration.ZERO);
        tails.close();
    }

    private StreamSession freshStart(StreamRequest request, FrameSink sink,
                                     Optional<TokenCheck.Reason> notHonoured) throws InterruptedException {
        notHonoured.ifPresent(metrics::tokenNotHonoured);
        StreamSession session = StreamSession.fresh(feed.feedId(), request.range(), tokens, settings.pageSize(),
                settings.bookmarkInterval(), tokensDuringSnapshot(request));
        snapshots.stream(session, sink);
        return session;
    }
}
