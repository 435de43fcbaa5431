package org.accountstream.adapters.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.accountstream.domain.AciRange;
import org.accountstream.domain.Frame;
import org.accountstream.ports.in.AccessControl;
import org.accountstream.ports.in.AccessDeniedException;
import org.accountstream.wire.proto.AccountDataRequest;
import org.accountstream.wire.proto.AccountDataStream;
import org.accountstream.wire.proto.AccountStreamServiceGrpc;
import org.accountstream.wire.proto.Shard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which secret the service sees from a call's metadata, and what a refusal looks like on the wire. */
class GrpcAccessTest {

    private static final UUID MIDDLE = UUID.fromString("80000000-0000-0000-0000-000000000000");

    /** Lets in "upper" for the upper half only; remembers every secret presented. */
    private final List<Optional<String>> presented = new CopyOnWriteArrayList<>();
    private final AccessControl upperHalfOnly = new AccessControl() {
        @Override
        public void authorize(Optional<String> secret, AciRange range) {
            presented.add(secret);
            if (!secret.equals(Optional.of("upper"))) {
                throw new AccessDeniedException(AccessDeniedException.Reason.UNAUTHENTICATED);
            }
            if (!new AciRange(Optional.of(MIDDLE), Optional.empty()).covers(range)) {
                throw new AccessDeniedException(AccessDeniedException.Reason.PERMISSION_DENIED);
            }
        }

        @Override
        public void authenticate(Optional<String> secret) {
            authorize(secret, new AciRange(Optional.of(MIDDLE), Optional.empty()));
        }

        @Override
        public boolean required() {
            return true;
        }
    };

    private GrpcServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() {
        server = GrpcServer.start((request, sink) -> {
            sink.send(Frame.clearAllFrame());
            throw new InterruptedException("one frame is enough");
        }, AlwaysReady.INSTANCE, upperHalfOnly, GrpcSettings.defaults("127.0.0.1", 0));
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    @Test
    void aBearerTokenReadsItsRange() {
        AccountDataStream first = call(headers("authorization", "Bearer upper"), upperHalf()).next();

        assertThat(first.getClearAll()).isTrue();
        assertThat(presented).containsExactly(Optional.of("upper"));
    }

    @Test
    void existingClientsSendTheSignalHeader() {
        assertThat(call(headers("x-signal-auth-token", "upper"), upperHalf()).next().getClearAll()).isTrue();
    }

    @Test
    void noOrAnotherSchemeIsUnauthenticatedWithoutDetail() {
        assertThat(refusal(new Metadata(), upperHalf()).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(refusal(headers("authorization", "Basic dXBwZXI6"), upperHalf()).getCode())
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(refusal(headers("authorization", "Bearer uppe"), upperHalf()).getDescription())
                .isEqualTo("missing or invalid credentials");
        assertThat(presented).containsExactly(Optional.empty(), Optional.empty(), Optional.of("uppe"));
    }

    @Test
    void aRangeBeyondTheCredentialsIsPermissionDenied() {
        assertThat(refusal(headers("authorization", "Bearer upper"), AccountDataRequest.getDefaultInstance()).getCode())
                .isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    private static AccountDataRequest upperHalf() {
        return AccountDataRequest.newBuilder()
                .setShard(Shard.newBuilder().setStart(ByteString.copyFrom(AciRange.uuidBytes(MIDDLE))))
                .build();
    }

    private static Metadata headers(String name, String value) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value);
        return headers;
    }

    private java.util.Iterator<AccountDataStream> call(Metadata headers, AccountDataRequest request) {
        return AccountStreamServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .streamAccountData(request);
    }

    private Status refusal(Metadata headers, AccountDataRequest request) {
        try {
            call(headers, request).next();
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
        throw new AssertionError("the call was not refused");
    }
}
