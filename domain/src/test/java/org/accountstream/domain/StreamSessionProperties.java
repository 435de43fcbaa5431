package org.accountstream.domain;

import static org.accountstream.domain.PropertyTesting.qt;
import static org.accountstream.domain.PropertyTesting.withEdges;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class StreamSessionProperties {

    private static final String FEED = "feed-1";
    private static final AciRange UPPER_HALF = new AciRange(
            Optional.of(UUID.fromString("80000000-0000-0000-0000-000000000000")), Optional.empty());
    private static final long FIRST = 1000;

    private final TokenCodec codec = new TokenCodec(List.of(new byte[32]), TokenCodec.DEFAULT_MAX_BYTES);

    /**
     * Resuming from any page's token, after applying that page, neither loses nor repeats a change:
     * the changes sent so far are exactly those of the records up to the token's position.
     */
    @Test
    void everyPageEndsOnARecordBoundaryItsTokenPointsAt() {
        qt(300).forAll(batches(), integers().between(2, 6), booleans().all()).checkAssert((batch, pageSize, atHead) -> {
            List<FeedRecord> records = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                records.add(new FeedRecord(SequenceNumber.of(FIRST + 1 + i), batch.get(i)));
            }
            Position start = Position.after(SequenceNumber.of(FIRST));
            StreamSession session = StreamSession.resume(FEED, UPPER_HALF, codec, pageSize, Duration.ofSeconds(1),
                    Horizon.of(Map.of("s1", start)), 0);

            Position next = records.isEmpty() ? start : Position.after(records.getLast().sequence());
            List<Frame> frames = session.delivered("s1", records, next, atHead, 0);

            List<AccountChange> sent = new ArrayList<>();
            for (Frame frame : frames) {
                assertThat(frame.records().size()).isLessThanOrEqualTo(pageSize);
                sent.addAll(frame.records());
                assertThat(sent).isEqualTo(inRangeChangesUpTo(records, resumesAfter(frame)));
            }
            assertThat(sent).isEqualTo(inRangeChangesUpTo(records, FIRST + records.size()));
            assertThat(session.horizon().positionOf("s1"))
                    .isEqualTo(Position.after(SequenceNumber.of(FIRST + records.size())));
        });
    }

    /** Up to 30 records of up to 2 changes each. */
    private static Gen<List<List<AccountChange>>> batches() {
        // Long.MIN_VALUE and MAX_VALUE put an aci just inside and just outside UPPER_HALF.
        Gen<Long> highs = withEdges(longs().all(), 0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE);
        Gen<AccountChange> changes = highs.map(high -> new AccountChange.Removal(14155550100L, new UUID(high, 7)));
        return lists().of(lists().of(changes).ofSizeBetween(0, 2)).ofSizeBetween(0, 30);
    }

    private long resumesAfter(Frame frame) {
        TokenCheck check = codec.check(frame.continuationToken(), FEED, UPPER_HALF);
        assertThat(check).isInstanceOf(TokenCheck.Usable.class);
        Position position = ((TokenCheck.Usable) check).token().horizon().positionOf("s1");
        return ((Position.After) position).sequence().value().longValueExact();
    }

    private static List<AccountChange> inRangeChangesUpTo(List<FeedRecord> records, long sequence) {
        return records.stream()
                .filter(r -> r.sequence().value().longValueExact() <= sequence)
                .flatMap(r -> r.changes().stream())
                .filter(UPPER_HALF::contains)
                .toList();
    }
}
