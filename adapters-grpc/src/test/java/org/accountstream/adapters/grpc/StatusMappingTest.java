package org.accountstream.adapters.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.accountstream.domain.InvalidRequestException;
import org.accountstream.ports.in.AccessControl;
import org.accountstream.ports.in.ServerStoppingException;
import org.accountstream.ports.in.TooManyStreamsException;
import org.accountstream.ports.in.UpstreamUnavailableException;
import org.accountstream.wire.proto.AccountDataRequest;
import org.accountstream.wire.proto.AccountStreamServiceGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How each way the service ends a stream reaches a gRPC client: the transport only translates. */
class StatusMappingTest {

    private GrpcServer server;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    @Test
    void overTheStreamLimitIsResourceExhaustedNamingTheLimit() {
        assertThat(statusWhenTheServiceThrows(() -> new TooManyStreamsException(20_000)))
                .satisfies(status -> {
                    assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                    assertThat(status.getDescription()).contains("20000", "max-streams");
                });
    }

    @Test
    void anUpstreamOutageIsUnavailable() {
        assertThat(statusWhenTheServiceThrows(() -> new UpstreamUnavailableException("feed down")).getCode())
                .isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void aStoppingServerIsUnavailable() {
        assertThat(statusWhenTheServiceThrows(ServerStoppingException::new).getCode())
                .isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void anInvalidRequestIsInvalidArgument() {
        assertThat(statusWhenTheServiceThrows(() -> new InvalidRequestException("token too large")).getCode())
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void anythingElseIsInternalWithoutDetail() {
        assertThat(statusWhenTheServiceThrows(() -> new IllegalStateException("secret detail")))
                .satisfies(status -> {
                    assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
                    assertThat(status.getDescription()).doesNotContain("secret");
                });
    }

    private Status statusWhenTheServiceThrows(Supplier<RuntimeException> failure) {
        server = GrpcServer.start((request, sink) -> {
            throw failure.get();
        }, AlwaysReady.INSTANCE, AccessControl.OPEN, GrpcSettings.defaults("127.0.0.1", 0));
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        var responses = AccountStreamServiceGrpc.newBlockingStub(channel)
                .streamAccountData(AccountDataRequest.getDefaultInstance());
        StatusRuntimeException[] ended = new StatusRuntimeException[1];
        assertThatThrownBy(responses::next).isInstanceOfSatisfying(StatusRuntimeException.class, e -> ended[0] = e);
        return ended[0].getStatus();
    }
}
