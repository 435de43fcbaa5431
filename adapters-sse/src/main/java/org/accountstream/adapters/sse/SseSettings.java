package org.accountstream.adapters.sse;

import java.time.Duration;

/**
 * How SSE streams are served.
 *
 * @param keepAlive  how long a stream may stay silent before a comment is sent: proxies keep the
 *                   connection open, and a client that is gone is found at that write
 * @param retry      the reconnection delay suggested to {@code EventSource} ({@code retry:})
 * @param retryAfter what a refused client is told to wait (429, 503: {@code Retry-After})
 */
public record SseSettings(Duration keepAlive, Duration retry, Duration retryAfter) {

    public static SseSettings defaults() {
        return new SseSettings(Duration.ofSeconds(15), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    public SseSettings withKeepAlive(Duration keepAlive) {
        return new SseSettings(keepAlive, retry, retryAfter);
    }

    public SseSettings withRetry(Duration retry) {
        return new SseSettings(keepAlive, retry, retryAfter);
    }
}
