package org.accountstream.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.accountstream.ports.in.FrameSink;
import org.accountstream.ports.in.StreamAccountsUseCase;
import org.accountstream.ports.in.StreamRequest;
import org.accountstream.ports.in.UpstreamUnavailableException;

/**
 * The stream service as the transports see it while the application starts: a stream opened
 * before the sources are up waits here (on its own virtual thread) and then runs as usual; if
 * the start fails, it ends as unavailable.
 */
final class StartingStreamService implements StreamAccountsUseCase {

    private final CompletableFuture<StreamAccountsUseCase> service = new CompletableFuture<>();

    void started(StreamAccountsUseCase started) {
        service.complete(started);
    }

    void failed(Throwable cause) {
        service.completeExceptionally(cause);
    }

    @Override
    public void streamAccounts(StreamRequest request, FrameSink sink) throws InterruptedException {
        StreamAccountsUseCase started;
        try {
            started = service.get();
        } catch (ExecutionException e) {
            throw new UpstreamUnavailableException("the server failed to start: " + e.getCause().getMessage());
        }
        started.streamAccounts(request, sink);
    }
}
