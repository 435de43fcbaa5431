package org.accountstream.app;

import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.accountstream.adapters.grpc.GrpcServer;
import org.accountstream.adapters.grpc.GrpcSettings;
import org.accountstream.adapters.sse.MetricsAccess;
import org.accountstream.adapters.sse.SseSettings;
import org.accountstream.adapters.sse.SseStreamService;
import org.accountstream.adapters.sse.WebPage;
import org.accountstream.application.AccountStreamService;
import org.accountstream.application.ServiceSettings;
import org.accountstream.demo.EmbeddedDemo;
import org.accountstream.demo.MemoryDemo;
import org.accountstream.ports.in.AccessControl;
import org.accountstream.ports.out.ChangeFeed;

/**
 * The composition root: configuration → sources (by mode) → stream service → transports.
 * Everything the process runs is built here; the sources start alongside the transports (see
 * {@link #startWith(Config, AppSettings, Supplier)}), and all is closed in reverse.
 */
public final class AccountStreamApp implements AutoCloseable {

    private final Sources sources;
    private final HelidonStreamMetrics metrics;
    private final AccountStreamService service;
    private final GrpcServer grpc;
    private final WebServer web;
    private final Duration grace;
    private final boolean servesSse;

    private AccountStreamApp(Sources sources, HelidonStreamMetrics metrics, AccountStreamService service,
                             GrpcServer grpc, WebServer web, Duration grace, boolean servesSse) {
        this.grace = grace;
        this.servesSse = servesSse;
        this.sources = sources;
        this.metrics = metrics;
        this.service = service;
        this.grpc = grpc;
        this.web = web;
    }

    /**
     * @throws ConfigurationException before anything starts, naming the bad key
     * @throws PortUnavailableException naming the key of a port that cannot be bound
     */
    public static AccountStreamApp start(Config config) {
        AppSettings settings = AppSettings.from(config);
        if (settings.mode() == AppSettings.Mode.EMBEDDED) {
            settings.embeddedDynamoDb().checkFree();
        }
        return startWith(config, settings, () -> Sources.start(settings));
    }

    /** Starts the service and transports over {@code sources} (tests bring their own). */
    static AccountStreamApp startWith(Config config, AppSettings settings, Sources sources) {
        return startWith(config, settings, () -> sources);
    }

    /**
     * Starts the sources on a thread of their own while this one starts the gRPC server: the two
     * are independent until the first stream, and on a small machine the embedded mode's start
     * (DynamoDB Local and its seeding) is most of a cold start. A stream opened meanwhile waits
     * for the service ({@link StartingStreamService}). The HTTP server (health, metrics) starts
     * last: it is nobody's first need, and loading it alongside the seeding would slow the seeding.
     * Returns once all is up; when either side fails, whatever started is closed and the failure
     * thrown. The ports are checked first, so that one taken fails the start before anything starts.
     */
    private static AccountStreamApp startWith(Config config, AppSettings settings, Supplier<Sources> startSources) {
        boolean grpcServed = settings.transports().contains(AppSettings.Transport.GRPC);
        if (grpcServed) {
            settings.grpc().checkFree();
        }
        settings.http().checkFree();
        CompletableFuture<Sources> starting = CompletableFuture.supplyAsync(startSources,
                task -> Thread.ofPlatform().name("sources-start").start(task));
        StartingStreamService streams = new StartingStreamService();
        HelidonStreamMetrics metrics = new HelidonStreamMetrics();
        AccessControl access = Access.control(settings.auth(), metrics);
        GrpcServer grpc = null;
        AccountStreamService service = null;
        try {
            if (grpcServed) {
                grpc = startGrpc(streams, access, settings.grpc(), settings.serving(), settings.tls());
            }
            Sources sources = started(starting);
            metrics.countSourceCalls(sources.unreadableItems(), sources.feedCalls());
            ChangeFeed feed = sources.feed();
            service = new AccountStreamService(sources.snapshots(), feed, settings.tokenCodec(),
                    serviceSettings(settings, sources), metrics);
            streams.started(service);
            // Again: the sources took seconds, and Helidon reports a failed bind with a stack trace.
            settings.http().checkFree();
            WebServer web = WebServer.builder()
                    .config(config.get("server"))
                    // TLS on the listener, so on every route
                    .update(server -> settings.tls().ifPresent(tls -> server.tls(tls.forWebServer())))
                    .addProtocol(Http1Config.builder()
                            .maxPrologueLength(SseStreamService.MAX_REQUEST_BYTES)
                            .maxHeadersSize(SseStreamService.MAX_REQUEST_BYTES)
                            .build())
                    .routing(routing -> {
                        if (settings.auth().protectMetrics()) {
                            routing.addFilter(new MetricsAccess(access));
                        }
                        if (settings.transports().contains(AppSettings.Transport.SSE)) {
                            routing.register(new SseStreamService(streams, streams, access, SseSettings.defaults()
                                    .withKeepAlive(settings.sse().keepAlive()).withRetry(settings.sse().retry())));
                            routing.register(new WebPage());
                        }
                    })
                    .addFeature(ObserveFeature.builder()
                            .addObserver(HealthObserver.builder()
                                    .details(true)
                                    .addCheck(new FeedHealthCheck(feed))
                                    .addCheck(new ServiceReadinessCheck(service))
                                    .build())
                            .addObserver(MetricsObserver.create())
                            .build())
                    .shutdownHook(false) // close() stops it, in order with the rest (Main calls it at shutdown)
                    .build()
                    .start();
            if (!web.isRunning()) {
                // Helidon logs a listener that cannot bind and returns a stopped server instead of throwing
                throw settings.http().unavailable("the web server did not start, see above");
            }
            return new AccountStreamApp(sources, metrics, service, grpc, web, settings.serving().shutdownGrace(),
                    settings.transports().contains(AppSettings.Transport.SSE));
        } catch (RuntimeException | Error e) {
            streams.failed(e);
            StartCleanup.close(e, grpc, service);
            closeWhenStarted(starting);
            throw e;
        }
    }

    private static ServiceSettings serviceSettings(AppSettings settings, Sources sources) {
        AppSettings.Serving serving = settings.serving();
        return ServiceSettings.defaults()
                .withPageSize(settings.pageSize())
                .withScanParallelism(sources.scanParallelism())
                .withBookmarkInterval(serving.bookmarkInterval())
                .withLimits(new ServiceSettings.Limits(serving.maxStreams(), serving.maxSnapshots()));
    }

    private static GrpcServer startGrpc(StartingStreamService streams, AccessControl access, ListeningPort port,
                                        AppSettings.Serving serving, Optional<TlsSettings> tls) {
        try {
            return GrpcServer.start(streams, streams, access, GrpcSettings.defaults(port.host(), port.port())
                    .withLimits(serving.maxStreamsPerConnection(), serving.shutdownGrace())
                    .withTls(tls.map(TlsSettings::forGrpc)));
        } catch (UncheckedIOException e) {
            throw port.unavailable(e);
        }
    }

    /** The started sources, or their start's own failure. */
    private static Sources started(CompletableFuture<Sources> starting) {
        try {
            return starting.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static void closeWhenStarted(CompletableFuture<Sources> starting) {
        starting.thenAccept(sources -> {
            try {
                sources.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Whether Server-Sent Events (and the live page) are served on the HTTP port. */
    public boolean servesSse() {
        return servesSse;
    }

    /** The gRPC port; -1 when gRPC is not among {@code accountstream.transports}. */
    public int grpcPort() {
        return grpc == null ? -1 : grpc.port();
    }

    public int httpPort() {
        return web.port();
    }

    /** Whether the gRPC listener serves TLS (only). */
    public boolean grpcUsesTls() {
        return grpc != null && grpc.usesTls();
    }

    /** Whether the HTTP listener serves TLS (only): HTTPS. */
    public boolean httpUsesTls() {
        return web.hasTls();
    }

    /** The memory mode's table, feed and writer, for tests. */
    public MemoryDemo memoryDemo() {
        if (sources.home() instanceof TableHome.Memory memory) {
            return memory.demo();
        }
        throw new IllegalStateException("not in memory mode");
    }

    /** The embedded mode's database, table and writer, for tests. */
    EmbeddedDemo embeddedDemo() {
        if (sources.home() instanceof TableHome.DynamoDb dynamoDb && dynamoDb.demo().isPresent()) {
            return dynamoDb.demo().get();
        }
        throw new IllegalStateException("not in embedded mode");
    }

    /** Where the mode's own services listen (e.g. the embedded DynamoDB), for the banner. */
    public String describeSources() {
        return sources.describe();
    }

    Sources sources() {
        return sources;
    }

    public AccountStreamService service() {
        return service;
    }

    /** gRPC streams being served now. */
    public int activeGrpcStreams() {
        return grpc == null ? 0 : grpc.activeStreams();
    }

    /**
     * Stops in order: the service ends every stream (each transport tells its client, or resets
     * one that reads nothing) within the shutdown grace, then the transports close, then the
     * shared work and the sources.
     */
    @Override
    public void close() throws InterruptedException {
        service.stop(grace);
        if (grpc != null) {
            grpc.close();
        }
        web.stop();
        service.close();
        metrics.close();
        sources.close();
    }
}
