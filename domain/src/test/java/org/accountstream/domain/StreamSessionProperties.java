package org.accountstream.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

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
    @Property(tries = 300)
    void everyPageEndsOnARecordBoundaryItsTokenPointsAt(@ForAll("batches") List<List<AccountChange>> batch,
                                                        @ForAll @IntRange(min = 2, max = 6) int pageSize,
                                                        @ForAll boolean atHead) {
        List<FeedRecord> records = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            records.add(new FeedRecord(SequenceNumber.of(FIRST + 1 + i), batch.get(i)));
        }
        StreamSession session = StreamSession.resume(FEED, UPPER_HALF, codec, pageSize,
                Horizon.of(Map.of("s1", Position.after(SequenceNumber.of(FIRST)))));

        List<Frame> frames = session.delivered("s1", records, atHead);

        List<AccountChange> sent = new ArrayList<>();
        for (Frame frame : frames) {
            assertThat(frame.records().size()).isLessThanOrEqualTo(pageSize);
            sent.addAll(frame.records());
            assertThat(sent).isEqualTo(inRangeChangesUpTo(records, resumesAfter(frame)));
        }
        assertThat(sent).isEqualTo(inRangeChangesUpTo(records, FIRST + records.size()));
        assertThat(session.horizon().positionOf("s1"))
                .isEqualTo(Position.after(SequenceNumber.of(FIRST + records.size())));
    }

    @Provide
    Arbitrary<List<List<AccountChange>>> batches() {
        Arbitrary<UUID> acis = Arbitraries.longs().map(high -> new UUID(high, 7));
        Arbitrary<AccountChange> changes = acis.map(aci -> new AccountChange.Removal(14155550100L, aci));
        return changes.list().ofMaxSize(2).list().ofMaxSize(30);
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
