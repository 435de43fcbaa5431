package org.accountstream.adapters.grpc;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.accountstream.ports.in.AccessControl;
import org.accountstream.ports.in.ServiceReadiness;
import org.accountstream.ports.in.StreamAccountsUseCase;
import org.accountstream.wire.proto.AccountStreamServiceGrpc;

/**
 * grpc-java's Netty server hosting {@link AccountStreamGrpcService}, the standard health service
 * (which follows the service's readiness) and reflection. Chosen over Helidon 4.5's gRPC, which
 * had {@code isReady()} always true, sent no keepalive pings and could not be reached by C-core
 * clients such as Python grpcio; this server has none of these gaps. Responses are never
 * compressed: compression cost far more CPU than the bandwidth it saved. One connection carries
 * at most {@link GrpcSettings#maxStreamsPerConnection()} streams at once (HTTP/2
 * MAX_CONCURRENT_STREAMS): more wait in the client. With {@link GrpcSettings#tls()} it serves
 * TLS only (HTTP/2 negotiated by ALPN, as gRPC requires); a plaintext client's connection is closed.
 */
public final class GrpcServer implements AutoCloseable {

    private final AccountStreamGrpcService service;
    private final HealthStatusManager health;
    private final Server server;
    private final Duration grace;
    private final boolean usesTls;

    private GrpcServer(AccountStreamGrpcService service, HealthStatusManager health, Server server, Duration grace,
                       boolean usesTls) {
        this.service = service;
        this.health = health;
        this.server = server;
        this.grace = grace;
        this.usesTls = usesTls;
    }

    /** Serves {@code streams} to the clients {@code access} lets in; health and reflection stay open. */
    public static GrpcServer start(StreamAccountsUseCase streams, ServiceReadiness readiness, AccessControl access,
                                   GrpcSettings settings) {
        UnreadableMessageLog.install();
        AccountStreamGrpcService service = new AccountStreamGrpcService(streams, access);
        HealthStatusManager health = new HealthStatusManager();
        NettyServerBuilder builder =
                NettyServerBuilder.forAddress(new InetSocketAddress(settings.host(), settings.port()));
        settings.tls().ifPresent(tls -> builder.sslContext(sslContext(tls)));
        Server server = builder
                .addService(ServerInterceptors.intercept(service, new PresentedSecret()))
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .keepAliveTime(settings.keepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveTimeout(settings.keepAliveTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .maxInboundMessageSize(settings.maxInboundMessageBytes())
                .maxConcurrentCallsPerConnection(settings.maxStreamsPerConnection())
                .build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for gRPC on " + settings.host() + ":" + settings.port(), e);
        }
        readiness.onReadinessChange(ready -> {
            ServingStatus status = ready ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
            health.setStatus("", status);
            health.setStatus(AccountStreamServiceGrpc.SERVICE_NAME, status);
        });
        return new GrpcServer(service, health, server, settings.shutdownGrace(), settings.tls().isPresent());
    }

    private static SslContext sslContext(GrpcSettings.Tls tls) {
        try {
            return GrpcSslContexts.configure(SslContextBuilder.forServer(tls.key(), tls.chain())).build();
        } catch (SSLException e) {
            // not an UncheckedIOException: that is what a port that cannot be bound throws
            throw new IllegalArgumentException("the TLS key and certificate cannot be used: " + e.getMessage(), e);
        }
    }

    /** Whether this server serves TLS (only). */
    public boolean usesTls() {
        return usesTls;
    }

    public int port() {
        return server.getPort();
    }

    public int activeStreams() {
        return service.activeStreams();
    }

    /**
     * Stops accepting calls, lets the calls that were sent their last status (the service ended
     * their streams first) deliver it within the grace, then closes every connection: a call whose
     * client reads nothing, which no status can reach, is reset.
     */
    @Override
    public void close() throws InterruptedException {
        health.enterTerminalState();
        server.shutdown();
        service.awaitClosing(grace);
        server.shutdownNow().awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    }
}
