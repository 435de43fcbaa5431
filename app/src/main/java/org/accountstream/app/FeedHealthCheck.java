package org.accountstream.app;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import org.accountstream.ports.out.ChangeFeed;

/** Ready while the change feed answers a shard listing. */
final class FeedHealthCheck implements HealthCheck {

    private final ChangeFeed feed;

    FeedHealthCheck(ChangeFeed feed) {
        this.feed = feed;
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
        try {
            int shards = feed.listShards().size();
            return HealthCheckResponse.builder().status(true)
                    .detail("feed", feed.feedId()).detail("shards", shards).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.builder().status(false)
                    .detail("feed", feed.feedId()).detail("error", String.valueOf(e.getMessage())).build();
        }
    }
}
