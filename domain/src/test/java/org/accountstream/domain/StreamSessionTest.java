package org.accountstream.domain;

import static org.accountstream.domain.SampleShards.after;
import static org.accountstream.domain.SampleShards.closed;
import static org.accountstream.domain.SampleShards.lineage;
import static org.accountstream.domain.SampleShards.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class StreamSessionTest {

    private static final String FEED = "feed-1";
    private static final AciRange UPPER_HALF = new AciRange(
            Optional.of(UUID.fromString("80000000-0000-0000-0000-000000000000")), Optional.empty());
    private static final int PAGE_SIZE = 3;
    private static final Horizon AT_S1 = Horizon.of(Map.of("s1", after(10)));
    private static final Duration BOOKMARKS = Duration.ofSeconds(1);
    /** This server scans the table every token below was scanning, in as many segments. */
    private static final Function<SnapshotProgress, Optional<TokenCheck.Reason>> SAME_SCAN = p -> Optional.empty();
    private static final SnapshotProgress HALF_DONE = SnapshotProgress.start("table-1", 4)
            .segmentDone(0).segmentDone(2).advanced(1, new SegmentCursor(new byte[] {7}));
    /** The time every call below is made at, unless it says otherwise. */
    private static final long T0 = 1_000_000_000L;

    private final TokenCodec codec = new TokenCodec(List.of(new byte[32]), TokenCodec.DEFAULT_MAX_BYTES);

    // ---- a fresh stream

    @Test
    void freshStreamOpensWithAClearAllFrameAlone() {
        Frame first = fresh().clearAll();

        assertThat(first.clearAll()).isTrue();
        assertThat(first.records()).isEmpty();
        assertThat(first.hasToken()).isFalse();
    }

    @Test
    void freshStreamSendsClearAllThenTokenlessSnapshotPagesThenTheStartToken() {
        StreamSession session = fresh();
        List<Frame> frames = new ArrayList<>();

        frames.add(session.clearAll());
        session.startHorizonCaptured(AT_S1);
        List<AccountChange> served = session.served(
                List.of(inside(1, true), inside(2, true), inside(3, true), inside(4, true)));
        frames.add(session.snapshotPage(served.subList(0, 3)));
        frames.add(session.snapshotPage(served.subList(3, 4)));
        frames.addAll(session.snapshotFinished(T0));

        assertThat(frames).extracting(Frame::clearAll).containsExactly(true, false, false, false);
        assertThat(frames).extracting(frame -> frame.records().size()).containsExactly(0, 3, 1, 0);
        assertThat(frames).extracting(Frame::hasToken).containsExactly(false, false, false, true);
        assertThat(horizonOf(frames.getLast())).isEqualTo(AT_S1);
    }

    @Test
    void snapshotServesOnlyDiscoverableAccountsInRange() {
        StreamSession session = fresh();
        session.clearAll();
        session.startHorizonCaptured(AT_S1);
        List<Account> scanned = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            scanned.add(inside(n, true));
            scanned.add(inside(100 + n, false));
            scanned.add(outside(n));
        }

        List<AccountChange> served = session.served(scanned);

        assertThat(served).containsExactly(upsert(1), upsert(2), upsert(3));
    }

    @Test
    void snapshotPageCarriesItsRecordsAndNoToken() {
        StreamSession session = fresh();
        session.clearAll();
        session.startHorizonCaptured(AT_S1);

        Frame page = session.snapshotPage(List.of(upsert(1), upsert(2), upsert(3)));

        assertThat(page.records()).containsExactly(upsert(1), upsert(2), upsert(3));
        assertThat(page.hasToken()).isFalse();
        assertThat(page.clearAll()).isFalse();
        assertThat(page.datasetCurrent()).isFalse();
    }

    @Test
    void snapshotPageOverThePageSizeIsRefused() {
        StreamSession session = fresh();
        session.clearAll();
        session.startHorizonCaptured(AT_S1);

        assertThatThrownBy(() -> session.snapshotPage(List.of(upsert(1), upsert(2), upsert(3), upsert(4))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void finishedSnapshotIssuesTheTokenOfTheStartHorizon() {
        StreamSession session = fresh();
        session.clearAll();
        session.startHorizonCaptured(AT_S1);
        session.snapshotPage(List.of(upsert(1)));

        List<Frame> frames = session.snapshotFinished(T0);

        assertThat(frames.get(0).records()).isEmpty();
        assertThat(horizonOf(frames.get(0))).isEqualTo(AT_S1);
        assertThat(session.isTailing()).isTrue();
    }

    @Test
    void snapshotPagesNeedTheStartHorizonFirst() {
        StreamSession session = fresh();
        session.clearAll();

        assertThatThrownBy(() -> session.served(List.of(inside(1, true))))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> session.snapshotPage(List.of(upsert(1))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void tailWaitsForTheSnapshotToFinish() {
        StreamSession session = fresh();
        session.startHorizonCaptured(AT_S1);

        assertThatThrownBy(() -> deliver(session, "s1", List.of(), true)).isInstanceOf(IllegalStateException.class);
    }

    // ---- a resumed stream

    @Test
    void resumedStreamHasNoClearAllAndNoSnapshot() {
        StreamSession session = resumed(AT_S1);

        assertThatThrownBy(session::clearAll).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> session.snapshotPage(List.of())).isInstanceOf(IllegalStateException.class);
        assertThat(deliver(session, "s1", List.of(record(11, upsert(1))), false)).noneMatch(Frame::clearAll);
    }

    // ---- open

    @Test
    void noTokenOpensFreshWithoutReason() {
        assertThat(StreamSession.open(new TokenCheck.Absent(), notListed(), SAME_SCAN))
                .isEqualTo(new StreamSession.Opening.Fresh(Optional.empty()));
    }

    @Test
    void tokenNotHonouredOpensFreshWithItsReason() {
        assertThat(StreamSession.open(new TokenCheck.NotHonoured(TokenCheck.Reason.BAD_SIGNATURE), notListed(), SAME_SCAN))
                .isEqualTo(new StreamSession.Opening.Fresh(Optional.of(TokenCheck.Reason.BAD_SIGNATURE)));
    }

    @Test
    void usableTokenNamingATrimmedShardOpensFreshAsTrimmed() {
        TokenCheck usable = new TokenCheck.Usable(new ContinuationToken(FEED, UPPER_HALF, AT_S1));

        assertThat(StreamSession.open(usable, () -> lineage(open("s2", "s1")), SAME_SCAN))
                .isEqualTo(new StreamSession.Opening.Fresh(Optional.of(TokenCheck.Reason.TRIMMED)));
    }

    @Test
    void usableValidTokenResumesFromItsHorizon() {
        TokenCheck usable = new TokenCheck.Usable(new ContinuationToken(FEED, UPPER_HALF, AT_S1));

        assertThat(StreamSession.open(usable, () -> lineage(closed("s1"), open("s2", "s1")), SAME_SCAN))
                .isEqualTo(new StreamSession.Opening.Resume(AT_S1));
    }

    @Test
    void midSnapshotTokenResumesTheSnapshotFromItsStartHorizon() {
        TokenCheck usable = new TokenCheck.Usable(new ContinuationToken(FEED, UPPER_HALF, AT_S1, Optional.of(HALF_DONE)));

        assertThat(StreamSession.open(usable, () -> lineage(open("s1")), SAME_SCAN))
                .isEqualTo(new StreamSession.Opening.ResumeSnapshot(AT_S1, HALF_DONE));
    }

    @Test
    void midSnapshotTokenOfAnotherScanOpensFreshWithTheScansReason() {
        TokenCheck usable = new TokenCheck.Usable(new ContinuationToken(FEED, UPPER_HALF, AT_S1, Optional.of(HALF_DONE)));

        assertThat(StreamSession.open(usable, notListed(), p -> Optional.of(TokenCheck.Reason.OTHER_TABLE)))
                .isEqualTo(new StreamSession.Opening.Fresh(Optional.of(TokenCheck.Reason.OTHER_TABLE)));
    }

    @Test
    void midSnapshotTokenWhoseStartHorizonWasTrimmedOpensFreshAsTrimmed() {
        TokenCheck usable = new TokenCheck.Usable(new ContinuationToken(FEED, UPPER_HALF, AT_S1, Optional.of(HALF_DONE)));

        assertThat(StreamSession.open(usable, () -> lineage(open("s2", "s1")), SAME_SCAN))
                .isEqualTo(new StreamSession.Opening.Fresh(Optional.of(TokenCheck.Reason.TRIMMED)));
    }

    // ---- resumable snapshots

    @Test
    void aConsumerThatAskedForThemGetsTheStartHorizonAndProgressWithEverySnapshotPage() {
        StreamSession session = StreamSession.fresh(FEED, UPPER_HALF, codec, PAGE_SIZE, BOOKMARKS, true);
        session.clearAll();
        session.startHorizonCaptured(AT_S1);

        Frame page = session.snapshotPage(session.served(List.of(inside(1, true))), HALF_DONE);

        assertThat(page.records()).hasSize(1);
        assertThat(tokenOf(page)).isEqualTo(new ContinuationToken(FEED, UPPER_HALF, AT_S1, Optional.of(HALF_DONE)));
    }

    @Test
    void aMidSnapshotTokenOverTheSizeLimitIsNotHandedOut() {
        TokenCodec small = new TokenCodec(List.of(new byte[32]), 200);
        StreamSession session = StreamSession.fresh(FEED, UPPER_HALF, small, PAGE_SIZE, BOOKMARKS, true);
        session.clearAll();
        session.startHorizonCaptured(AT_S1);
        SnapshotProgress large = SnapshotProgress.start("table-1", 64);
        for (int segment = 0; segment < 64; segment++) {
            large = large.advanced(segment, new SegmentCursor(new byte[16]));
        }

        Frame page = session.snapshotPage(session.served(List.of(inside(1, true))), large);

        assertThat(page.records()).hasSize(1);
        assertThat(page.hasToken()).as("a token the server would refuse as oversized").isFalse();
    }

    @Test
    void aConsumerThatDidNotAskGetsNoTokenDuringItsSnapshot() {
        StreamSession session = fresh();
        session.clearAll();
        session.startHorizonCaptured(AT_S1);

        assertThat(session.tokensDuringSnapshot()).isFalse();
        assertThatThrownBy(() -> session.snapshotPage(List.of(), HALF_DONE)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aResumedSnapshotSendsNoClearAllAndTailsFromItsStartHorizon() {
        StreamSession session = StreamSession.resumeSnapshot(FEED, UPPER_HALF, codec, PAGE_SIZE, BOOKMARKS, true,
                AT_S1, HALF_DONE);

        assertThatThrownBy(session::clearAll).isInstanceOf(IllegalStateException.class);
        assertThat(session.resumedSnapshot()).contains(HALF_DONE);
        Frame page = session.snapshotPage(session.served(List.of(inside(5, true))), HALF_DONE.segmentDone(1));
        List<Frame> end = session.snapshotFinished(T0);

        assertThat(page.clearAll()).isFalse();
        assertThat(end).extracting(this::horizonOf).containsExactly(AT_S1);
        assertThat(tokenOf(end.getFirst()).snapshot()).isEmpty();
    }

    @Test
    void oversizedTokenIsAnInvalidRequest() {
        assertThatThrownBy(() -> StreamSession.open(new TokenCheck.Oversized(70_000, 65_536), notListed(), SAME_SCAN))
                .isInstanceOf(InvalidRequestException.class);
    }

    // ---- pages of the tail

    @Test
    void pagesNeverExceedThePageSizeNorSplitARecord() {
        StreamSession session = resumed(AT_S1);

        List<Frame> frames = deliver(session, "s1", List.of(
                record(11, removal(1), upsert(1)),
                record(12, removal(2), upsert(2)),
                record(13, upsert(3)),
                record(14, removal(4), upsert(4))), false);

        assertThat(frames).extracting(frame -> frame.records().size()).containsExactly(2, 3, 2);
        assertThat(frames).extracting(this::horizonOf).containsExactly(
                Horizon.of(Map.of("s1", after(11))),
                Horizon.of(Map.of("s1", after(13))),
                Horizon.of(Map.of("s1", after(14))));
    }

    @Test
    void singleChangeRecordsFillWholePages() {
        StreamSession session = resumed(AT_S1);
        List<FeedRecord> records = new ArrayList<>();
        for (int n = 1; n <= 10; n++) {
            records.add(record(10 + n, upsert(n)));
        }

        List<Frame> frames = deliver(session, "s1", records, false);

        assertThat(frames).extracting(frame -> frame.records().size()).containsExactly(3, 3, 3, 1);
        assertThat(horizonOf(frames.get(2))).isEqualTo(Horizon.of(Map.of("s1", after(19))));
        assertThat(session.horizon()).isEqualTo(Horizon.of(Map.of("s1", after(20))));
    }

    @Test
    void aMoveIsNeverSplitEvenByOneRecordPages() {
        StreamSession session = StreamSession.resume(FEED, UPPER_HALF, codec, 1, BOOKMARKS, AT_S1, T0);

        List<Frame> frames = deliver(session, "s1", List.of(record(11, removal(1), upsert(1))), false);

        assertThat(frames).filteredOn(frame -> !frame.records().isEmpty())
                .singleElement().satisfies(frame -> assertThat(frame.records()).hasSize(2));
    }

    @Test
    void changesOutsideTheRangeAreDroppedButStillAdvanceTheToken() {
        StreamSession session = resumed(AT_S1);
        AccountChange elsewhere = new AccountChange.Upsert(outside(1));

        List<Frame> frames = deliver(session, "s1", List.of(record(11, upsert(1)), record(12, elsewhere)), false);

        assertThat(frames).singleElement().satisfies(frame -> {
            assertThat(frame.records()).containsExactly(upsert(1));
            assertThat(horizonOf(frame)).isEqualTo(Horizon.of(Map.of("s1", after(12))));
        });
    }

    // ---- bookmarks

    @Test
    void recordsAllOutsideTheRangeGiveNoPageUntilABookmarkIsDue() {
        StreamSession session = resumed(AT_S1);

        List<Frame> frames = deliver(session, "s1", List.of(record(11, new AccountChange.Upsert(outside(1)))), false);

        assertThat(frames).isEmpty();
        assertThat(session.bookmarkIfDue(T0 + BOOKMARKS.toNanos() - 1)).as("a nanosecond early").isEmpty();
        assertThat(session.bookmarkIfDue(T0 + BOOKMARKS.toNanos())).hasValueSatisfying(bookmark -> {
            assertThat(bookmark.records()).isEmpty();
            assertThat(horizonOf(bookmark)).isEqualTo(Horizon.of(Map.of("s1", after(11))));
        });
        assertThat(session.bookmarkIfDue(T0 + 5 * BOOKMARKS.toNanos())).as("the horizon has not moved since").isEmpty();
    }

    @Test
    void aReadThatFindsTheBookmarkDueCarriesIt() {
        StreamSession session = resumed(AT_S1);
        AccountChange elsewhere = new AccountChange.Upsert(outside(1));

        deliver(session, "s1", List.of(record(11, elsewhere)), false);
        List<Frame> later = session.delivered("s1", List.of(record(12, elsewhere)), after(12), false,
                T0 + BOOKMARKS.toNanos());

        assertThat(later).singleElement().satisfies(frame -> {
            assertThat(frame.records()).isEmpty();
            assertThat(horizonOf(frame)).isEqualTo(Horizon.of(Map.of("s1", after(12))));
        });
    }

    @Test
    void anyPageSentPutsTheNextBookmarkOff() {
        StreamSession session = resumed(AT_S1);
        long sent = T0 + 3 * BOOKMARKS.toNanos();

        session.delivered("s1", List.of(record(11, upsert(1))), after(11), false, sent);
        session.delivered("s1", List.of(record(12, new AccountChange.Upsert(outside(2)))), after(12), false, sent);

        assertThat(session.bookmarkIfDue(sent + BOOKMARKS.toNanos() - 1)).isEmpty();
        assertThat(session.bookmarkIfDue(sent + BOOKMARKS.toNanos())).isPresent();
    }

    @Test
    void aTimestampPositionMovesPastRecordsTheTailSaysItNeedNotSee() {
        Position atNoon = Position.atTimestamp(Instant.parse("2024-06-01T12:00:00Z"));
        StreamSession session = resumed(Horizon.of(Map.of("s1", atNoon)));

        List<Frame> frames = session.delivered("s1", List.of(), after(20), true, T0);

        assertThat(session.horizon()).isEqualTo(Horizon.of(Map.of("s1", after(20))));
        assertThat(frames).singleElement().satisfies(frame -> assertThat(frame.datasetCurrent()).isTrue());
    }

    @Test
    void emptyReadBehindTheHeadSendsNothing() {
        assertThat(deliver(resumed(AT_S1), "s1", List.of(), false)).isEmpty();
    }

    @Test
    void recordsOfAShardOutsideTheHorizonAreRefused() {
        assertThatThrownBy(() -> deliver(resumed(AT_S1), "s9", List.of(), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- dataset_current

    @Test
    void datasetCurrentFollowsOnceEveryHorizonShardWasSeenAtItsHead() {
        StreamSession session = resumed(Horizon.of(Map.of("s1", after(10), "s2", after(20))));

        List<Frame> s1AtHead = deliver(session, "s1", List.of(record(11, upsert(1))), true);
        List<Frame> s2AtHead = deliver(session, "s2", List.of(), true);
        List<Frame> later = deliver(session, "s1", List.of(record(12, upsert(2))), true);

        assertThat(s1AtHead).noneMatch(Frame::datasetCurrent);
        assertThat(s2AtHead).singleElement().satisfies(frame -> {
            assertThat(frame.datasetCurrent()).isTrue();
            assertThat(horizonOf(frame)).isEqualTo(Horizon.of(Map.of("s1", after(11), "s2", after(20))));
        });
        assertThat(later).noneMatch(Frame::datasetCurrent);
        assertThat(session.datasetCurrentSent()).isTrue();
    }

    @Test
    void aShardFallingBehindAgainPostponesDatasetCurrent() {
        StreamSession session = resumed(Horizon.of(Map.of("s1", after(10), "s2", after(20))));

        deliver(session, "s1", List.of(), true);
        deliver(session, "s1", List.of(record(11, upsert(1))), false);
        List<Frame> s2AtHead = deliver(session, "s2", List.of(), true);

        assertThat(s2AtHead).noneMatch(Frame::datasetCurrent);
        assertThat(session.datasetCurrentSent()).isFalse();
    }

    @Test
    void datasetCurrentWaitsForTheSnapshotAndThenForTheHead() {
        StreamSession session = fresh();
        session.clearAll();
        session.startHorizonCaptured(AT_S1);
        Frame page = session.snapshotPage(List.of(upsert(1)));
        List<Frame> finished = session.snapshotFinished(T0);

        List<Frame> atHead = deliver(session, "s1", List.of(), true);

        assertThat(page.datasetCurrent()).isFalse();
        assertThat(finished).noneMatch(Frame::datasetCurrent);
        assertThat(atHead).filteredOn(Frame::datasetCurrent).hasSize(1);
    }

    // ---- shard ends

    @Test
    void endedShardAdmitsItsChildrenAndBookmarksThem() {
        StreamSession session = resumed(AT_S1);
        ShardLineage split = lineage(closed("s1"), open("s2", "s1"), open("s3", "s1"));

        List<Frame> frames = session.shardEnded("s1", split, T0 + BOOKMARKS.toNanos());

        Horizon children = Horizon.of(Map.of("s2", Position.notStarted(), "s3", Position.notStarted()));
        assertThat(horizonOf(frames.get(0))).isEqualTo(children);
        assertThat(session.horizon()).isEqualTo(children);
    }

    @Test
    void childrenOfAnEndedShardMustReachTheirHeadBeforeDatasetCurrent() {
        StreamSession session = resumed(AT_S1);
        deliver(session, "s1", List.of(record(11, upsert(1))), false);
        ShardLineage split = lineage(closed("s1"), open("s2", "s1"), open("s3", "s1"));

        List<Frame> ended = session.shardEnded("s1", split, T0);
        List<Frame> s2AtHead = deliver(session, "s2", List.of(), true);
        List<Frame> s3AtHead = deliver(session, "s3", List.of(), true);

        assertThat(ended).noneMatch(Frame::datasetCurrent);
        assertThat(s2AtHead).noneMatch(Frame::datasetCurrent);
        assertThat(s3AtHead).filteredOn(Frame::datasetCurrent).hasSize(1);
    }

    // ---- helpers

    private StreamSession fresh() {
        return StreamSession.fresh(FEED, UPPER_HALF, codec, PAGE_SIZE, BOOKMARKS);
    }

    private StreamSession resumed(Horizon horizon) {
        return StreamSession.resume(FEED, UPPER_HALF, codec, PAGE_SIZE, BOOKMARKS, horizon, T0);
    }

    /** Records read at {@link #T0}: the consumer is after the last of them, or where it was. */
    private static List<Frame> deliver(StreamSession session, String shard, List<FeedRecord> records, boolean atHead) {
        Position next = records.isEmpty()
                ? session.horizon().positionOf(shard)
                : Position.after(records.getLast().sequence());
        return session.delivered(shard, records, next, atHead, T0);
    }

    private Horizon horizonOf(Frame frame) {
        return tokenOf(frame).horizon();
    }

    private ContinuationToken tokenOf(Frame frame) {
        TokenCheck check = codec.check(frame.continuationToken(), FEED, UPPER_HALF);
        assertThat(check).isInstanceOf(TokenCheck.Usable.class);
        return ((TokenCheck.Usable) check).token();
    }

    private static Supplier<ShardLineage> notListed() {
        return () -> {
            throw new AssertionError("the shards need not be listed for this token");
        };
    }

    private static Account inside(int n, boolean discoverable) {
        return new Account(new UUID(0x8000_0000_0000_0000L, n), 15550000000L + n, discoverable, null, new byte[0]);
    }

    private static Account outside(int n) {
        return new Account(new UUID(0, n), 16660000000L + n, true, null, new byte[0]);
    }

    private static AccountChange upsert(int n) {
        return new AccountChange.Upsert(inside(n, true));
    }

    private static AccountChange removal(int n) {
        return new AccountChange.Removal(14440000000L + n, inside(n, true).aci());
    }

    private static FeedRecord record(long sequence, AccountChange... changes) {
        return new FeedRecord(SequenceNumber.of(sequence), Arrays.asList(changes));
    }
}
