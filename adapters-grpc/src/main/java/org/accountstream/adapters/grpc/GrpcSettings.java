package org.accountstream.adapters.grpc;

import java.time.Duration;

/**
 * The gRPC server's settings.
 *
 * @param host                    address to bind
 * @param port                    port to bind; 0 for any free port
 * @param keepAliveTime           idle time before the server pings a client, so dead connections
 *                                (no RST) are noticed and their streams freed
 * @param keepAliveTimeout        how long a ping may go unanswered
 * @param maxInboundMessageBytes  the largest request accepted (a token is at most 64 KiB)
 * @param maxStreamsPerConnection streams one connection carries at once (HTTP/2
 *                                MAX_CONCURRENT_STREAMS); a client's further streams wait
 * @param shutdownGrace           how long a stop waits for clients to receive their last status
 */
public record GrpcSettings(String host, int port, Duration keepAliveTime, Duration keepAliveTimeout,
                           int maxInboundMessageBytes, int maxStreamsPerConnection, Duration shutdownGrace) {

    public static GrpcSettings defaults(String host, int port) {
        return new GrpcSettings(host, port, Duration.ofSeconds(30), Duration.ofSeconds(10), 96 * 1024,
                10_000, Duration.ofSeconds(5));
    }

    public GrpcSettings withLimits(int streamsPerConnection, Duration grace) {
        return new GrpcSettings(host, port, keepAliveTime, keepAliveTimeout, maxInboundMessageBytes,
                streamsPerConnection, grace);
    }
}
