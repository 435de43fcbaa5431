package org.accountstream.app;

import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import org.accountstream.adapters.grpc.GrpcServer;
import org.accountstream.adapters.grpc.GrpcSettings;
import org.accountstream.domain.TokenCodec;
import org.accountstream.ports.out.ChangeFeed;
import org.accountstream.ports.service.AccountStreamService;
import org.accountstream.ports.service.ServiceSettings;

/**
 * The composition root: configuration → sources (by mode) → stream service → transports.
 * Everything the process runs is built here, in this order, and closed in reverse.
 */
public final class AccountStreamApp implements AutoCloseable {

    private final Sources sources;
    private final AccountStreamService service;
    private final GrpcServer grpc;
    private final WebServer web;

    private AccountStreamApp(Sources sources, AccountStreamService service, GrpcServer grpc, WebServer web) {
        this.sources = sources;
        this.service = service;
        this.grpc = grpc;
        this.web = web;
    }

    /** @throws ConfigurationException before anything starts, naming the bad key */
    public static AccountStreamApp start(Config config) {
        AppSettings settings = AppSettings.from(config);
        Sources sources = switch (settings.mode()) {
            case EMBEDDED -> EmbeddedMode.start(settings);
            case AWS -> DynamoDbSources.fromEnvironment(settings.dynamo());
            case MEMORY -> new MemoryMode(settings.memory(), settings.demo());
        };
        return startWith(config, settings, sources);
    }

    /** Starts the service and transports over {@code sources} (tests bring their own). */
    static AccountStreamApp startWith(Config config, AppSettings settings, Sources sources) {
        ChangeFeed feed = sources.feed();

        AccountStreamService service = new AccountStreamService(sources.snapshots(), feed,
                new TokenCodec(settings.tokenKeys(), TokenCodec.DEFAULT_MAX_BYTES),
                ServiceSettings.defaults().withPageSize(settings.pageSize()).withScanParallelism(sources.scanParallelism()),
                new HelidonStreamMetrics());
        GrpcServer grpc = GrpcServer.start(service, GrpcSettings.defaults(settings.grpcHost(), settings.grpcPort()));
        WebServer web = WebServer.builder()
                .config(config.get("server"))
                .addFeature(ObserveFeature.builder()
                        .addObserver(HealthObserver.builder()
                                .details(true)
                                .addCheck(new FeedHealthCheck(feed))
                                .build())
                        .addObserver(MetricsObserver.create())
                        .build())
                .build()
                .start();
        return new AccountStreamApp(sources, service, grpc, web);
    }

    public int grpcPort() {
        return grpc.port();
    }

    public int httpPort() {
        return web.port();
    }

    /** The memory mode's table, feed and writer, for tests. */
    public MemoryMode memory() {
        if (sources instanceof MemoryMode memory) {
            return memory;
        }
        throw new IllegalStateException("not in memory mode");
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
        return grpc.activeStreams();
    }

    @Override
    public void close() throws InterruptedException {
        grpc.close();
        web.stop();
        service.close();
        sources.close();
    }
}
