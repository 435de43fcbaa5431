package org.accountstream.app;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.accountstream.demo.MemoryDemo;
import org.accountstream.domain.TokenCheck;
import org.accountstream.ports.contract.Eventually;

/** The whole application in this JVM on free loopback ports, in memory mode. */
final class RunningApp implements AutoCloseable {

    static final String TOKEN_KEY = "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY=";

    final AccountStreamApp app;

    private RunningApp(AccountStreamApp app) {
        this.app = app;
    }

    /** Starts with test defaults, overridden by {@code overrides}. */
    static RunningApp start(Map<String, String> overrides) {
        Map<String, String> config = loopback(Map.of(
                "accountstream.mode", "memory",
                "accountstream.token.keys", TOKEN_KEY,
                "accountstream.demo.accounts", "2000",
                "accountstream.demo.updates-per-second", "50",
                "accountstream.memory.reads-per-second", "0"));
        config.putAll(overrides);
        return new RunningApp(AccountStreamApp.start(Config.just(ConfigSources.create(config))));
    }

    MemoryDemo memory() {
        return app.memoryDemo();
    }

    ManagedChannel channel() {
        return channel(app);
    }

    /** Free loopback ports for the HTTP and gRPC servers, then {@code values}: a test configuration. */
    static Map<String, String> loopback(Map<String, String> values) {
        Map<String, String> config = new HashMap<>(Map.of(
                "server.port", "0",
                "server.host", "127.0.0.1",
                "grpc.port", "0",
                "grpc.host", "127.0.0.1"));
        config.putAll(values);
        return config;
    }

    /**
     * Waits until {@code app} is ready: its change feed warmed up. Until then, it refuses streams
     * with UNAVAILABLE (gRPC) or 503 (SSE, where {@code EventSource} then gives up for good).
     */
    static void awaitReady(AccountStreamApp app) throws InterruptedException {
        Eventually.await("the application is ready", Duration.ofSeconds(60), () -> app.service().ready());
    }

    static ManagedChannel channel(AccountStreamApp app) {
        return NettyChannelBuilder.forAddress("127.0.0.1", app.grpcPort()).usePlaintext().build();
    }

    /** Records sent to consumers in this JVM so far (the application's metric). */
    static double recordsSent() {
        return Metrics.globalRegistry().getOrCreate(Counter.builder("accountstream.records.sent")).count();
    }

    /** Items read from the table by snapshot scans in this JVM so far (the application's metric). */
    static double itemsScanned() {
        return Metrics.globalRegistry().getOrCreate(Counter.builder("accountstream.snapshot.items.scanned")).count();
    }

    /** Reads of the change feed in this JVM so far, by the shared tails or by streams themselves. */
    static double feedReads(boolean shared) {
        return Metrics.globalRegistry().getOrCreate(Counter.builder("accountstream.feed.reads")
                .tags(List.of(Tag.create("reader", shared ? "shared" : "stream")))).count();
    }

    /** Feed reads refused by throttling in this JVM so far. */
    static double feedThrottled() {
        return Metrics.globalRegistry().getOrCreate(Counter.builder("accountstream.feed.throttled")).count();
    }

    /** Tokens set aside for {@code reason} in this JVM so far: their streams started over. */
    static double tokensNotHonoured(TokenCheck.Reason reason) {
        return Metrics.globalRegistry().getOrCreate(Counter.builder("accountstream.tokens.not.honoured")
                .tags(List.of(Tag.create("reason", reason.name().toLowerCase())))).count();
    }

    /** Snapshots continued from a mid-snapshot token in this JVM so far. */
    static double snapshotsResumed() {
        return Metrics.globalRegistry().getOrCreate(Counter.builder("accountstream.snapshots.resumed")).count();
    }

    @Override
    public void close() throws InterruptedException {
        app.close();
    }

    static void closeChannel(ManagedChannel channel) throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
