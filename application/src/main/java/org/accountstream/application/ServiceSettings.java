package org.accountstream.application;

import java.time.Duration;
import org.accountstream.domain.Frame;

/**
 * Tuning of the stream service.
 *
 * @param pageSize           records per frame, at most {@link Frame#MAX_RECORDS}
 * @param scanParallelism    segments of one snapshot read at once
 * @param readBatchSize      feed records asked for per shard read
 * @param tailLogCapacity    feed records a shared shard tail keeps for consumers just behind it
 * @param headPollInterval   pause between reads of a shard whose head was reached
 * @param idleWait           longest a stream waits for news before looking again
 * @param tailIdleTimeout    a shared tail nobody read for this long stops
 * @param maxUnreadable      how long a shard may stay unreadable (throttled, failing) before
 *                           streams reading it end with "unavailable"
 * @param bookmarkInterval   a stream whose horizon moved but that was sent nothing for this long
 *                           gets a token-only page (see {@link org.accountstream.domain.StreamSession})
 * @param limits             how much the server takes on at once
 */
public record ServiceSettings(int pageSize, int scanParallelism, int readBatchSize,
                              int tailLogCapacity, Duration headPollInterval, Duration idleWait,
                              Duration tailIdleTimeout, Duration maxUnreadable, Duration bookmarkInterval,
                              Limits limits) {

    /**
     * @param maxStreams   streams open at once; more are refused
     * @param maxSnapshots snapshots under way at once; more wait their turn (before their
     *                     clear-all), holding their stream's place
     */
    public record Limits(int maxStreams, int maxSnapshots) {
        public Limits {
            if (maxStreams < 1 || maxSnapshots < 1) {
                throw new IllegalArgumentException("limits must be positive");
            }
        }

        /** Enough for 10,000 idle streams on one machine, and snapshots that fit in a modest heap. */
        public static Limits defaults() {
            return new Limits(20_000, 64);
        }
    }

    public ServiceSettings {
        if (pageSize < 1 || pageSize > Frame.MAX_RECORDS) {
            throw new IllegalArgumentException("page size must be in 1.." + Frame.MAX_RECORDS);
        }
        if (scanParallelism < 1 || readBatchSize < 1 || tailLogCapacity < readBatchSize) {
            throw new IllegalArgumentException(
                    "scan parallelism and read batch must be positive, tail log at least one batch");
        }
    }

    public static ServiceSettings defaults() {
        return new ServiceSettings(Frame.MAX_RECORDS, 4, 1000, 20_000, Duration.ofMillis(250),
                Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofSeconds(1),
                Limits.defaults());
    }

    public ServiceSettings withPageSize(int size) {
        return new ServiceSettings(size, scanParallelism, readBatchSize, tailLogCapacity,
                headPollInterval, idleWait, tailIdleTimeout, maxUnreadable, bookmarkInterval, limits);
    }

    public ServiceSettings withScanParallelism(int parallelism) {
        return new ServiceSettings(pageSize, parallelism, readBatchSize, tailLogCapacity,
                headPollInterval, idleWait, tailIdleTimeout, maxUnreadable, bookmarkInterval, limits);
    }

    public ServiceSettings withBookmarkInterval(Duration interval) {
        return new ServiceSettings(pageSize, scanParallelism, readBatchSize, tailLogCapacity,
                headPollInterval, idleWait, tailIdleTimeout, maxUnreadable, interval, limits);
    }

    public ServiceSettings withLimits(Limits newLimits) {
        return new ServiceSettings(pageSize, scanParallelism, readBatchSize, tailLogCapacity,
                headPollInterval, idleWait, tailIdleTimeout, maxUnreadable, bookmarkInterval, newLimits);
    }
}
