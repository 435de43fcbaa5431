package org.accountstream.adapters.sse;

import java.time.Duration;

/**
 * How SSE streams are served.
 *
 * @param keepAlive  how long a stream may stay silent before a comment is sent: proxies keep the
 *                   connection open, and a client that is gone is found at that write
 * @param retry      the reconnection delay suggested to {@code EventSource} ({@code retry:})
 * @param retryAfter what a refused client is told to wait (429, 503: {@code Retry-After})
 * @param readyWait  how long a request waits for a service that is not ready (starting) before
 *                   it is refused with 503
 */
public record SseSettings(Duration keepAlive, Duration retry, Duration retryAfter, Duration readyWait) {

    public static SseSettings defaults() {
        return new SseSettings(Duration.ofSeconds(15), Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofSeconds(30));
    }

    public SseSettings withKeepAlive(Duration keepAlive) {
        return new SseSettings(keepAlive, retry, retryAfter, readyWait);
    }

    public SseSettings withRetry(Duration retry) {
        return new SseSettings(keepAlive, retry, retryAfter, readyWait);
    }

    public SseSettings withReadyWait(Duration readyWait) {
        return new SseSettings(keepAlive, retry, retryAfter, readyWait);
    }
}
