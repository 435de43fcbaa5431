package org.accountstream.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Frame;
import org.accountstream.domain.InvalidRequestException;
import org.accountstream.ports.in.StreamRequest;
import org.accountstream.wire.proto.AccountDataRequest;
import org.accountstream.wire.proto.AccountDataStream;
import org.accountstream.wire.proto.Shard;
import org.junit.jupiter.api.Test;

/** What a server encodes, a client decodes to the same frame; requests decode to the range asked for. */
class WireFramesTest {

    private static final UUID ACI = UUID.fromString("30313233-3435-3637-3839-616263646566");
    private static final UUID PNI = UUID.fromString("c0ffee00-0000-4000-8000-000000000001");

    @Test
    void aFrameSurvivesTheWireBothWays() throws Exception {
        Frame frame = new Frame(false, List.of(
                new AccountChange.Upsert(new Account(ACI, 15_550_001_234L, true, PNI, new byte[] {1, 2, 3})),
                new AccountChange.Upsert(new Account(UUID.randomUUID(), 15_550_001_235L, true, null, new byte[0])),
                new AccountChange.Removal(15_550_001_236L, ACI),
                new AccountChange.Removal(15_550_001_237L, null)), new byte[] {9, 8, 7}, true);

        byte[] sent = WireFrames.toMessage(frame).toByteArray();
        Frame received = WireFrames.toFrame(AccountDataStream.parseFrom(sent));

        assertThat(received.records()).isEqualTo(frame.records());
        assertThat(received.continuationToken()).isEqualTo(frame.continuationToken());
        assertThat(received.datasetCurrent()).isTrue();
        assertThat(received.clearAll()).isFalse();
    }

    @Test
    void aRemovalCarriesNoAciAndNamesTheAccountRemoved() {
        AccountDataStream.Record removal = WireFrames.toMessage(new Frame(false,
                List.of(new AccountChange.Removal(15_550_001_236L, ACI)), new byte[0], false)).getRecords(0);

        assertThat(removal.getAci().isEmpty()).isTrue();
        assertThat(removal.getRemovedAci().toByteArray()).isEqualTo(AciRange.uuidBytes(ACI));
    }

    @Test
    void aRequestDecodesToItsRangeAndToken() {
        StreamRequest request = WireFrames.toRequest(AccountDataRequest.newBuilder()
                .setShard(Shard.newBuilder().setStart(ByteString.copyFrom(AciRange.uuidBytes(ACI))))
                .setLastContinuationToken(ByteString.copyFrom(new byte[] {4, 2}))
                .build());

        assertThat(request.range()).isEqualTo(new AciRange(Optional.of(ACI), Optional.empty()));
        assertThat(request.continuationToken()).containsExactly(4, 2);
    }

    @Test
    void aMalformedRangeIsAnInvalidRequest() {
        assertThatThrownBy(() -> WireFrames.toRequest(AccountDataRequest.newBuilder()
                .setShard(Shard.newBuilder().setStart(ByteString.copyFrom(new byte[3]))).build()))
                .isInstanceOf(InvalidRequestException.class);
    }
}
