package org.accountstream.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.Frame;
import org.accountstream.domain.TokenCodec;
import org.accountstream.wire.SseFrames.Event;
import org.junit.jupiter.api.Test;

/** Frames as events: which events, which carries the id, and what the JSON says. */
class SseFramesTest {

    private static final UUID ACI = UUID.fromString("30313233-3435-3637-3839-616263646566");
    private static final UUID PNI = UUID.fromString("c0ffee00-0000-4000-8000-000000000001");
    private static final byte[] TOKEN = {1, 2, 3, (byte) 0xfb, (byte) 0xff};

    @Test
    void theClearResumesAsAFreshStream() {
        List<Event> events = SseFrames.toEvents(Frame.clearAllFrame());

        assertThat(events).containsExactly(new Event("clear", SseFrames.SNAPSHOT_IN_FLIGHT, "{}"));
        assertThat(SseFrames.tokenFromEventId(SseFrames.SNAPSHOT_IN_FLIGHT)).isEmpty();
    }

    @Test
    void onlyTheLastEventOfAFrameCarriesItsToken() {
        Frame lastPage = new Frame(false, List.of(new AccountChange.Removal(15_550_001_236L, null)), TOKEN, true);

        List<Event> events = SseFrames.toEvents(lastPage);

        assertThat(events).extracting(Event::name).containsExactly("records", "current");
        assertThat(events.get(0).id()).isNull();
        assertThat(events.get(1).id()).isEqualTo("AQID-_8");
        assertThat(SseFrames.tokenFromEventId(events.get(1).id())).isEqualTo(TOKEN);
    }

    @Test
    void aSnapshotPageCarriesTheSnapshotId() {
        Frame page = new Frame(false, List.of(new AccountChange.Removal(15_550_001_236L, null)), new byte[0], false);

        assertThat(SseFrames.toEvents(page)).containsExactly(
                new Event("records", SseFrames.SNAPSHOT_IN_FLIGHT, "[{\"e164\":\"15550001236\",\"aci\":null,\"removedAci\":null}]"));
    }

    @Test
    void aTokenOnlyFrameIsABookmark() {
        assertThat(SseFrames.toEvents(new Frame(false, List.of(), TOKEN, false)))
                .containsExactly(new Event("bookmark", TokenCodec.toBase64Url(TOKEN), "{}"));
    }

    @Test
    void recordsAreJsonWithDigitStringsUuidsAndBase64() {
        String json = JsonRecords.toJson(List.of(
                new AccountChange.Upsert(new Account(ACI, 15_550_001_234L, true, PNI, new byte[] {1, 2, 3})),
                new AccountChange.Upsert(new Account(ACI, 15_550_001_235L, true, null, new byte[0])),
                new AccountChange.Removal(15_550_001_236L, ACI)));

        assertThat(json).isEqualTo("["
                + "{\"e164\":\"15550001234\",\"aci\":\"30313233-3435-3637-3839-616263646566\","
                + "\"pni\":\"c0ffee00-0000-4000-8000-000000000001\",\"uak\":\"AQID\"},"
                + "{\"e164\":\"15550001235\",\"aci\":\"30313233-3435-3637-3839-616263646566\",\"pni\":null,\"uak\":null},"
                + "{\"e164\":\"15550001236\",\"aci\":null,\"removedAci\":\"30313233-3435-3637-3839-616263646566\"}]");
    }

    @Test
    void anIdThatIsNotBase64UrlIsNoToken() {
        assertThat(SseFrames.tokenFromEventId("not a token!")).isEmpty();
    }
}
