package org.accountstream.adapters.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.accountstream.adapters.grpc.proto.AccountDataRequest;
import org.accountstream.adapters.grpc.proto.AccountDataStream;
import org.accountstream.adapters.grpc.proto.AccountStreamServiceGrpc;
import org.accountstream.domain.InvalidRequestException;
import org.accountstream.ports.in.StreamAccountsUseCase;
import org.accountstream.ports.in.StreamRequest;
import org.accountstream.ports.in.UpstreamUnavailableException;

/**
 * {@code org.signal.AccountStreamService/StreamAccountData}: each call runs its stream on a
 * virtual thread of its own that blocks while the client is not ready, so slow clients cost a
 * parked thread, not buffered messages. Cancelling the call interrupts that thread at once.
 *
 * <p>Statuses: malformed range or oversized token → INVALID_ARGUMENT; a feed unreadable for too
 * long → UNAVAILABLE; shutdown → UNAVAILABLE; a token that cannot be honoured is no error at all.
 */
public final class AccountStreamGrpcService extends AccountStreamServiceGrpc.AccountStreamServiceImplBase {

    private static final Logger LOG = Logger.getLogger(AccountStreamGrpcService.class.getName());

    private final StreamAccountsUseCase streams;
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final AtomicLong callNumbers = new AtomicLong();
    private volatile boolean shuttingDown;

    public AccountStreamGrpcService(StreamAccountsUseCase streams) {
        this.streams = streams;
    }

    @Override
    public void streamAccountData(AccountDataRequest request, StreamObserver<AccountDataStream> observer) {
        ServerCallStreamObserver<AccountDataStream> call = (ServerCallStreamObserver<AccountDataStream>) observer;
        StreamRequest streamRequest;
        try {
            streamRequest = WireMapping.toRequest(request);
        } catch (InvalidRequestException e) {
            call.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        if (shuttingDown) {
            call.onError(Status.UNAVAILABLE.withDescription("server is shutting down").asRuntimeException());
            return;
        }
        ReadyGate gate = new ReadyGate(call);
        Thread stream = Thread.ofVirtual()
                .name("grpc-stream-" + callNumbers.incrementAndGet())
                .unstarted(() -> run(streamRequest, call, gate));
        call.setOnReadyHandler(gate);
        call.setOnCancelHandler(stream::interrupt);
        running.add(stream);
        stream.start();
    }

    /** Ends every stream with UNAVAILABLE and waits for their threads to finish. */
    public void shutdown() throws InterruptedException {
        shuttingDown = true;
        for (Thread stream : running) {
            stream.interrupt();
        }
        for (Thread stream : running) {
            stream.join();
        }
    }

    public int activeStreams() {
        return running.size();
    }

    private void run(StreamRequest request, ServerCallStreamObserver<AccountDataStream> call, ReadyGate gate) {
        try {
            streams.streamAccounts(request, frame -> {
                gate.awaitReady();
                call.onNext(WireMapping.toMessage(frame));
            });
        } catch (InterruptedException | StatusRuntimeException e) {
            // The client left (its call is cancelled: nothing to send) or the server is stopping.
            if (shuttingDown && !call.isCancelled()) {
                fail(call, Status.UNAVAILABLE.withDescription("server is shutting down"));
            }
        } catch (InvalidRequestException e) {
            fail(call, Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
        } catch (UpstreamUnavailableException e) {
            fail(call, Status.UNAVAILABLE.withDescription(e.getMessage()));
        } catch (RuntimeException e) {
            if (call.isCancelled()) {
                // An adapter surfaced the cancellation's interrupt as its own exception.
                LOG.log(Level.FINE, "stream ended by its client", e);
            } else {
                LOG.log(Level.SEVERE, "stream failed", e);
                fail(call, Status.INTERNAL.withDescription("internal error"));
            }
        } finally {
            running.remove(Thread.currentThread());
        }
    }

    private static void fail(ServerCallStreamObserver<AccountDataStream> call, Status status) {
        try {
            call.onError(status.asRuntimeException());
        } catch (IllegalStateException | StatusRuntimeException e) {
            LOG.log(Level.FINE, "call already closed", e); // cancelled at the same moment
        }
    }
}
