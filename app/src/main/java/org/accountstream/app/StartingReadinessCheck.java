package org.accountstream.app;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/** Not ready while the sources start; then whatever the feed's own check says. */
final class StartingReadinessCheck implements HealthCheck {

    private volatile HealthCheck started;

    void started(HealthCheck check) {
        started = check;
    }

    @Override
    public String name() {
        return "change-feed";
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheck check = started;
        return check != null ? check.call() : HealthCheckResponse.builder().status(false).detail("state", "starting").build();
    }
}
