package org.accountstream.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.accountstream.application.AccountStreamService;
import org.accountstream.ports.in.FrameSink;
import org.accountstream.ports.in.ServiceReadiness;
import org.accountstream.ports.in.StreamAccountsUseCase;
import org.accountstream.ports.in.StreamRequest;
import org.accountstream.ports.in.UpstreamUnavailableException;

/**
 * The stream service as the transports see it while the application starts: not ready, and a
 * stream opened before the sources are up waits here (on its own virtual thread) and then runs
 * as usual; if the start fails, it ends as unavailable. Readiness listeners hear the service's
 * readiness once it exists.
 */
final class StartingStreamService implements StreamAccountsUseCase, ServiceReadiness {

    private final CompletableFuture<AccountStreamService> service = new CompletableFuture<>();

    void started(AccountStreamService started) {
        service.complete(started);
    }

    void failed(Throwable cause) {
        service.completeExceptionally(cause);
    }

    @Override
    public void streamAccounts(StreamRequest request, FrameSink sink) throws InterruptedException {
        AccountStreamService started;
        try {
            started = service.get();
        } catch (ExecutionException e) {
            throw new UpstreamUnavailableException("the server failed to start: " + e.getCause().getMessage());
        }
        started.streamAccounts(request, sink);
    }

    @Override
    public boolean ready() {
        return service.isDone() && !service.isCompletedExceptionally() && service.join().ready();
    }

    @Override
    public void onReadinessChange(Consumer<Boolean> listener) {
        listener.accept(false);
        service.thenAccept(started -> started.onReadinessChange(listener));
    }
}
