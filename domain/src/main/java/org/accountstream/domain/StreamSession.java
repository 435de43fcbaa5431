package org.accountstream.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One consumer's stream as a pure state machine: it is told what was read and answers with the
 * frames to send (DESIGN §6). The service around it does the reading.
 *
 * <pre>
 *   fresh:   clear-all ─▶ capture start horizon ─▶ snapshot pages ─▶ snapshot done (token) ─▶ tail
 *   resume:  ───────────────────────────────────────────────────────────────────────────────▶ tail
 *   resume mid-snapshot:  (start horizon and progress from the token) ─▶ the rest of the pages ─▶ …
 *   tail:    pages of changes, each with the token that resumes after it; dataset_current once,
 *            when the snapshot is done and every shard of the horizon was last seen at its head;
 *            bookmarks (token-only pages) when the horizon moved but nothing was sent for a while
 * </pre>
 *
 * <p><b>Bookmarks, not chatter.</b> Records outside the consumer's range still move its horizon.
 * Sending a token for each would give a consumer of a small range one message per change
 * anywhere in the table; never sending one would let its token age out of the feed's
 * retention. So a token-only page is sent only when the horizon moved since the last token and
 * nothing was sent for the bookmark interval. Time is passed in ({@code now}, monotonic
 * nanoseconds, as {@code System.nanoTime()}), so the session stays a pure state machine.
 *
 * <p><b>Why capture before scanning:</b> a write that races with the scan is either seen by the
 * scan or lands in the feed after the start horizon, usually both. Replaying it is harmless
 * (consumers upsert and remove per account), missing it is not.
 *
 * <p><b>Resumable snapshots.</b> A consumer that asked for them gets a token with every snapshot
 * page: the start horizon plus the {@link SnapshotProgress} up to that page. Resuming with it
 * continues the snapshot without clear-all (the consumer still holds what it received) and then
 * tails from the start horizon, so every change that raced with any part of the scan, before or
 * after the cut, is still replayed. Other consumers get no token during a snapshot: some save "the
 * last token" only next to a replica they saved once current, and a mid-snapshot token would
 * resume half a snapshot onto that older copy.
 *
 * <p>A page never splits a feed record, so a page's token never points between the removal and
 * the upsert of one e164 move.
 */
public final class StreamSession {

    /** How a stream begins, given the presented token and the feed's shards. */
    public sealed interface Opening {
        /** Resume from the token's horizon: no clear-all, no snapshot. */
        record Resume(Horizon horizon) implements Opening {
        }

        /** Continue a snapshot the token was handed out during, then tail from {@code start}. */
        record ResumeSnapshot(Horizon start, SnapshotProgress progress) implements Opening {
        }

        /** Start over; {@code notHonoured} says why a presented token was set aside. */
        record Fresh(Optional<TokenCheck.Reason> notHonoured) implements Opening {
        }
    }

    private final String feedId;
    private final AciRange range;
    private final TokenCodec codec;
    private final int pageSize;
    private final long bookmarkIntervalNanos;
    private final boolean tokensDuringSnapshot;
    private final Optional<SnapshotProgress> resumedSnapshot;
    private final Set<String> shardsAtHead = new HashSet<>();
    private Horizon horizon;
    private boolean snapshotDone;
    private boolean datasetCurrentSent;
    private Horizon inLastToken; // the horizon the consumer last received, null before the first
    private long lastSentNanos; // when the last tail page was sent (or the resumed stream opened)

    private StreamSession(String feedId, AciRange range, TokenCodec codec, int pageSize, Duration bookmarkInterval,
                          boolean tokensDuringSnapshot, Optional<SnapshotProgress> resumedSnapshot,
                          Horizon horizon, boolean snapshotDone, long now) {
        if (pageSize < 1 || pageSize > Frame.MAX_RECORDS) {
            throw new IllegalArgumentException("page size must be in 1.." + Frame.MAX_RECORDS);
        }
        if (bookmarkInterval.isNegative()) {
            throw new IllegalArgumentException("the bookmark interval is not negative");
        }
        this.feedId = feedId;
        this.range = range;
        this.codec = codec;
        this.pageSize = pageSize;
        this.bookmarkIntervalNanos = bookmarkInterval.toNanos();
        this.tokensDuringSnapshot = tokensDuringSnapshot;
        this.resumedSnapshot = resumedSnapshot;
        this.horizon = horizon;
        this.snapshotDone = snapshotDone;
        this.inLastToken = snapshotDone ? horizon : null; // a resumed consumer holds this horizon's token
        this.lastSentNanos = now;
    }

    /**
     * Decides between resuming and starting over. An oversized token is the only refusal: it is
     * abuse, not a stale token. The feed's shards are listed only when a usable token needs them.
     * A mid-snapshot token is honoured only by the table it was scanning, cut into as many
     * segments: {@code scanMismatch} answers why this server's scan is another one, if it is.
     */
    public static Opening open(TokenCheck check, Supplier<ShardLineage> lineage,
                               Function<SnapshotProgress, Optional<TokenCheck.Reason>> scanMismatch) {
        return switch (check) {
            case TokenCheck.Absent absent -> new Opening.Fresh(Optional.empty());
            case TokenCheck.NotHonoured notHonoured -> new Opening.Fresh(Optional.of(notHonoured.reason()));
            case TokenCheck.Oversized oversized -> throw new InvalidRequestException(
                    "continuation token of " + oversized.size() + " bytes exceeds " + oversized.limit());
            case TokenCheck.Usable usable -> {
                ContinuationToken token = usable.token();
                Optional<TokenCheck.Reason> otherScan = token.snapshot().flatMap(scanMismatch);
                if (otherScan.isPresent()) {
                    yield new Opening.Fresh(otherScan);
                }
                if (!token.horizon().isValidAgainst(lineage.get())) {
                    yield new Opening.Fresh(Optional.of(TokenCheck.Reason.TRIMMED));
                }
                yield token.snapshot().<Opening>map(progress -> new Opening.ResumeSnapshot(token.horizon(), progress))
                        .orElseGet(() -> new Opening.Resume(token.horizon()));
            }
        };
    }

    public static StreamSession fresh(String feedId, AciRange range, TokenCodec codec, int pageSize,
                                      Duration bookmarkInterval) {
        return fresh(feedId, range, codec, pageSize, bookmarkInterval, false);
    }

    /** @param tokensDuringSnapshot whether snapshot pages carry tokens (the consumer asked for them) */
    public static StreamSession fresh(String feedId, AciRange range, TokenCodec codec, int pageSize,
                                      Duration bookmarkInterval, boolean tokensDuringSnapshot) {
        return new StreamSession(feedId, range, codec, pageSize, bookmarkInterval, tokensDuringSnapshot,
                Optional.empty(), null, false, 0);
    }

    /** A consumer holding {@code horizon}'s token resumes at {@code now}. */
    public static StreamSession resume(String feedId, AciRange range, TokenCodec codec, int pageSize,
                                       Duration bookmarkInterval, Horizon horizon, long now) {
        return new StreamSession(feedId, range, codec, pageSize, bookmarkInterval, false, Optional.empty(),
                horizon, true, now);
    }

    /**
     * A consumer holding a token handed out during a snapshot continues it: no clear-all, the
     * segments {@code progress} has not finished, then the tail from {@code start}.
     */
    public static StreamSession resumeSnapshot(String feedId, AciRange range, TokenCodec codec, int pageSize,
                                               Duration bookmarkInterval, boolean tokensDuringSnapshot,
                                               Horizon start, SnapshotProgress progress) {
        return new StreamSession(feedId, range, codec, pageSize, bookmarkInterval, tokensDuringSnapshot,
                Optional.of(progress), start, false, 0);
    }

    /** The first frame of a fresh stream. */
    public Frame clearAll() {
        requireFresh();
        if (resumedSnapshot.isPresent()) {
            throw new IllegalStateException("a resumed snapshot keeps what the consumer holds");
        }
        return Frame.clearAllFrame();
    }

    /** Records the feed's head, captured before the scan starts. */
    public void startHorizonCaptured(Horizon start) {
        requireFresh();
        if (horizon != null) {
            throw new IllegalStateException("the start horizon was already captured");
        }
        horizon = start;
    }

    /** What a consumer of this range is sent of scanned accounts: the discoverable ones in range. */
    public List<AccountChange> served(List<Account> scanned) {
        requireScanning();
        return scanned.stream()
                .filter(a -> a.discoverable() && range.contains(a.aci()))
                .<AccountChange>map(AccountChange.Upsert::new)
                .toList();
    }

    /** One snapshot page of a consumer that gets no token during its snapshot. */
    public Frame snapshotPage(List<AccountChange> served) {
        if (tokensDuringSnapshot) {
            throw new IllegalStateException("this consumer's snapshot pages carry their progress");
        }
        return snapshotFrame(served, new byte[0]);
    }

    /**
     * One snapshot page of a consumer that gets tokens during its snapshot: {@code delivered} is
     * the progress once this page is received. It may have no records (the scan moved on through
     * accounts this consumer is not served).
     */
    public Frame snapshotPage(List<AccountChange> served, SnapshotProgress delivered) {
        if (!tokensDuringSnapshot) {
            throw new IllegalStateException("this consumer gets no token during its snapshot");
        }
        byte[] token = codec.encode(new ContinuationToken(feedId, range, horizon, Optional.of(delivered)));
        // One this server would refuse as oversized is not handed out: the consumer keeps its last
        // token, which resumes with some of this page again (harmless: consumers upsert).
        return snapshotFrame(served, token.length <= codec.maxBytes() ? token : new byte[0]);
    }

    private Frame snapshotFrame(List<AccountChange> served, byte[] token) {
        requireScanning();
        if (served.size() > pageSize) {
            throw new IllegalArgumentException("a page holds at most " + pageSize + " records");
        }
        return new Frame(false, served, token, false);
    }

    /** Whether snapshot pages carry tokens ({@link #snapshotPage(List, SnapshotProgress)}). */
    public boolean tokensDuringSnapshot() {
        return tokensDuringSnapshot;
    }

    /** The progress of the snapshot this session continues; empty for a fresh one. */
    public Optional<SnapshotProgress> resumedSnapshot() {
        return resumedSnapshot;
    }

    public int pageSize() {
        return pageSize;
    }

    /** The scan is complete: from here on the stream can be resumed. */
    public List<Frame> snapshotFinished(long now) {
        requireScanning();
        snapshotDone = true;
        return withDatasetCurrentCheck(new ArrayList<>(List.of(tokenFrame(List.of(), now))), now);
    }

    /**
     * Pages for records read from {@code shardId}, which must be in the horizon.
     *
     * @param next   where the consumer is in the shard after them: after the last record, or,
     *               when there were none, possibly past records it need not see (from a
     *               timestamp position: after records that all precede it, or at a later
     *               timestamp when none arrived at or after it)
     * @param atHead whether the read that returned them left nothing behind in the shard
     */
    public List<Frame> delivered(String shardId, List<FeedRecord> records, Position next, boolean atHead, long now) {
        requireTailing();
        horizon.positionOf(shardId);
        List<Frame> frames = new ArrayList<>();
        List<AccountChange> page = new ArrayList<>();
        for (FeedRecord record : records) {
            List<AccountChange> inRange = record.changes().stream().filter(range::contains).toList();
            if (page.size() + inRange.size() > pageSize) {
                frames.add(tokenFrame(page, now));
                page = new ArrayList<>();
            }
            page.addAll(inRange);
            horizon = horizon.advance(shardId, record.sequence());
        }
        if (records.isEmpty() && !next.equals(horizon.positionOf(shardId))) {
            horizon = horizon.moveTo(shardId, next);
        }
        if (!page.isEmpty()) {
            frames.add(tokenFrame(page, now));
        }
        if (atHead) {
            shardsAtHead.add(shardId);
        } else {
            shardsAtHead.remove(shardId);
        }
        return withBookmarkIfDue(withDatasetCurrentCheck(frames, now), now);
    }

    /** {@code shardId} was read to its end: its children take its place in the horizon. */
    public List<Frame> shardEnded(String shardId, ShardLineage lineage, long now) {
        requireTailing();
        horizon = horizon.closeShard(shardId, lineage);
        shardsAtHead.remove(shardId);
        return withBookmarkIfDue(withDatasetCurrentCheck(new ArrayList<>(), now), now);
    }

    /**
     * A token-only page if one is due: the horizon moved since the consumer's last token and
     * nothing was sent for the bookmark interval. A quiet stream asks this now and then.
     */
    public Optional<Frame> bookmarkIfDue(long now) {
        requireTailing();
        boolean due = !horizon.equals(inLastToken) && now - lastSentNanos >= bookmarkIntervalNanos;
        return due ? Optional.of(tokenFrame(List.of(), now)) : Optional.empty();
    }

    public Horizon horizon() {
        return horizon;
    }

    public boolean isTailing() {
        return snapshotDone;
    }

    public boolean datasetCurrentSent() {
        return datasetCurrentSent;
    }

    private List<Frame> withDatasetCurrentCheck(List<Frame> frames, long now) {
        if (!datasetCurrentSent && snapshotDone && shardsAtHead.containsAll(horizon.shardIds())) {
            datasetCurrentSent = true;
            frames.add(sent(new Frame(false, List.of(), token(), true), now));
        }
        return frames;
    }

    private List<Frame> withBookmarkIfDue(List<Frame> frames, long now) {
        if (frames.isEmpty()) {
            bookmarkIfDue(now).ifPresent(frames::add);
        }
        return frames;
    }

    private Frame tokenFrame(List<AccountChange> records, long now) {
        return sent(new Frame(false, records, token(), false), now);
    }

    private Frame sent(Frame frame, long now) {
        inLastToken = horizon;
        lastSentNanos = now;
        return frame;
    }

    private byte[] token() {
        return codec.encode(new ContinuationToken(feedId, range, horizon));
    }

    private void requireFresh() {
        if (snapshotDone) {
            throw new IllegalStateException("a resumed stream has no snapshot");
        }
    }

    private void requireScanning() {
        if (snapshotDone || horizon == null) {
            throw new IllegalStateException("scan pages come after the start horizon and before the tail");
        }
    }

    private void requireTailing() {
        if (!snapshotDone) {
            throw new IllegalStateException("the tail starts after the snapshot");
        }
    }
}
