package org.accountstream.ports.service;

import java.util.Optional;
import org.accountstream.domain.ShardLineage;
import org.accountstream.domain.StreamSession;
import org.accountstream.domain.TokenCheck;
import org.accountstream.domain.TokenCodec;
import org.accountstream.ports.in.FrameSink;
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
 */
public final class AccountStreamService implements StreamAccountsUseCase, AutoCloseable {

    private final ChangeFeed feed;
    private final TokenCodec tokens;
    private final ServiceSettings settings;
    private final StreamMetrics metrics;
    private final SharedShardTails tails;
    private final SnapshotStreamer snapshots;
    private final FeedTailer tailer;
    private final Ticker ticker;

    public AccountStreamService(SnapshotSource source, ChangeFeed feed, TokenCodec tokens,
                                ServiceSettings settings, StreamMetrics metrics) {
        this(source, feed, tokens, settings, metrics, Ticker.SYSTEM);
    }

    /** @param ticker where the engine's timeouts and "before/after" decisions take their now from */
    public AccountStreamService(SnapshotSource source, ChangeFeed feed, TokenCodec tokens,
                                ServiceSettings settings, StreamMetrics metrics, Ticker ticker) {
        this.feed = feed;
        this.tokens = tokens;
        this.settings = settings;
        this.metrics = metrics;
        this.tails = new SharedShardTails(feed, settings, metrics, ticker);
        this.snapshots = new SnapshotStreamer(source, feed, settings, metrics, ticker);
        this.tailer = new FeedTailer(feed, tails, settings, metrics, ticker);
        this.ticker = ticker;
    }

    @Override
    public void streamAccounts(StreamRequest request, FrameSink sink) throws InterruptedException {
        TokenCheck check = tokens.check(request.continuationToken(), feed.feedId(), request.range());
        StreamSession.Opening opening = StreamSession.open(check, () -> new ShardLineage(feed.listShards()));
        metrics.streamOpened();
        try {
            StreamSession session = switch (opening) {
                case StreamSession.Opening.Resume resume -> StreamSession.resume(feed.feedId(), request.range(),
                        tokens, settings.pageSize(), settings.bookmarkInterval(), resume.horizon(), ticker.nanos());
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

    /** Shared tails currently reading the feed; one per shard however many streams tail it. */
    public int activeSharedTails() {
        return tails.activeTails();
    }

    @Override
    public void close() {
        tails.close();
    }

    private StreamSession freshStart(StreamRequest request, FrameSink sink,
                                     Optional<TokenCheck.Reason> notHonoured) throws InterruptedException {
        notHonoured.ifPresent(metrics::tokenNotHonoured);
        StreamSession session = StreamSession.fresh(feed.feedId(), request.range(), tokens, settings.pageSize(),
                settings.bookmarkInterval());
        snapshots.stream(session, sink);
        return session;
    }
}
