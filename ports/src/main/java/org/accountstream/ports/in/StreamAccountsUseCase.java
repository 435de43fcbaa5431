package org.accountstream.ports.in;

/**
 * What a consumer wants: a snapshot of its range and then every change, for ever, resumable by
 * continuation token (DESIGN §1).
 */
public interface StreamAccountsUseCase {

    /**
     * Streams frames to {@code sink} on the calling thread until that thread is interrupted (the
     * consumer left) or the stream ends; it never returns normally. The service tracks the
     * stream from its start to its end, and ends it itself when the server stops.
     *
     * @throws org.accountstream.domain.InvalidRequestException for an oversized token, before
     *                                                          any frame is sent
     * @throws TooManyStreamsException                          when the server already serves
     *                                                          its maximum of streams
     * @throws ServerStoppingException                          when the server stops (before or
     *                                                          during the stream)
     * @throws UpstreamUnavailableException                     when the table or the change feed
     *                                                          cannot be read (past the configured
     *                                                          bound, for the feed)
     * @throws InterruptedException                             when the calling thread was
     *                                                          interrupted: the consumer left
     */
    void streamAccounts(StreamRequest request, FrameSink sink) throws InterruptedException;
}
