package org.accountstream.adapters.grpc;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
 * @param tls                     the server's key and certificate: TLS only when present, plaintext when not
 */
public record GrpcSettings(String host, int port, Duration keepAliveTime, Duration keepAliveTimeout,
                           int maxInboundMessageBytes, int maxStreamsPerConnection, Duration shutdownGrace,
                           Optional<Tls> tls) {

    /**
     * The server's identity for TLS.
     *
     * @param key   the private key of the chain's first certificate
     * @param chain the server's certificate first, then any intermediates
     */
    public record Tls(PrivateKey key, List<X509Certificate> chain) {

        public Tls {
            chain = List.copyOf(chain);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("a TLS certificate chain needs the server's certificate");
            }
        }
    }

    public static GrpcSettings defaults(String host, int port) {
        return new GrpcSettings(host, port, Duration.ofSeconds(30), Duration.ofSeconds(10), 96 * 1024,
                10_000, Duration.ofSeconds(5), Optional.empty());
    }

    public GrpcSettings withLimits(int streamsPerConnection, Duration grace) {
        return new GrpcSettings(host, port, keepAliveTime, keepAliveTimeout, maxInboundMessageBytes,
                streamsPerConnection, grace, tls);
    }

    /** Serves TLS only, with {@code tls}, or plaintext when it is empty. */
    public GrpcSettings withTls(Optional<Tls> tls) {
        return new GrpcSettings(host, port, keepAliveTime, keepAliveTimeout, maxInboundMessageBytes,
                maxStreamsPerConnection, shutdownGrace, tls);
    }
}
