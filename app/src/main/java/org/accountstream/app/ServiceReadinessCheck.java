package org.accountstream.app;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import org.accountstream.application.AccountStreamService;

/**
 * Ready while the stream service is: its change feed warmed up (e.g. every open DynamoDB stream
 * shard read to its tip) and not stopping. gRPC's health service follows the same readiness.
 */
final class ServiceReadinessCheck implements HealthCheck {

    private final AccountStreamService service;

    ServiceReadinessCheck(AccountStreamService service) {
        this.service = service;
    }

    @Override
    public String name() {
        return "streams";
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.builder().status(service.ready())
                .detail("open", service.openStreams())
                .detail("snapshotsWaiting", service.snapshotsWaiting())
                .build();
    }
}
