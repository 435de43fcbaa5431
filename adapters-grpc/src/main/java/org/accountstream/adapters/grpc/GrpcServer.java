package org.accountstream.adapters.grpc;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.accountstream.ports.in.StreamAccountsUseCase;

/**
 * grpc-java's Netty server hosting {@link AccountStreamGrpcService}, the standard health service
 * and reflection. Chosen over Helidon 4.5's gRPC, which had {@code isReady()} always true, sent no
 * keepalive pings and could not be reached by C-core clients such as Python grpcio; this server has
 * none of these gaps. Responses are never compressed: compression cost far more CPU than the
 * bandwidth it saved.
 */
public final class GrpcServer implements AutoCloseable {

    private final AccountStreamGrpcService service;
    private final HealthStatusManager health;
    private final Server server;

    private GrpcServer(AccountStreamGrpcService service, HealthStatusManager health, Server server) {
        this.service = service;
        this.health = health;
        this.server = server;
    }

    public static GrpcServer start(StreamAccountsUseCase streams, GrpcSettings settings) {
        UnreadableMessageLog.install();
        AccountStreamGrpcService service = new AccountStreamGrpcService(streams);
        HealthStatusManager health = new HealthStatusManager();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(settings.host(), settings.port()))
                .addService(service)
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .keepAliveTime(settings.keepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveTimeout(settings.keepAliveTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .maxInboundMessageSize(settings.maxInboundMessageBytes())
                .build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for gRPC on " + settings.host() + ":" + settings.port(), e);
        }
        return new GrpcServer(service, health, server);
    }

    public int port() {
        return server.getPort();
    }

    public int activeStreams() {
        return service.activeStreams();
    }

    /** Stops accepting calls, ends open streams with UNAVAILABLE, then closes connections. */
    @Override
    public void close() throws InterruptedException {
        health.enterTerminalState();
        server.shutdown();
        service.shutdown();
        if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
