package org.accountstream.ports.in;

/**
 * What a consumer wants: a snapshot of its range and then every change, for ever, resumable by
 * continuation token (DESIGN §1).
 */
public interface StreamAccountsUseCase {

    /**
     * Streams frames to {@code sink} until the calling thread is interrupted (the consumer left
     * or the server shuts down); it never returns normally.
     *
     * @throws org.accountstream.domain.InvalidRequestException for an oversized token, before
     *                                                          any frame is sent
     * @throws UpstreamUnavailableException                     when the change feed stays
     *                                                          unreadable past the configured bound
     */
    void streamAccounts(StreamRequest request, FrameSink sink) throws InterruptedException;
}
