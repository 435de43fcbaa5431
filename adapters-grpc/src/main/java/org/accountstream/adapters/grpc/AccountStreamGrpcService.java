package org.accountstream.adapters.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.accountstream.domain.InvalidRequestException;
import org.accountstream.ports.in.AccessControl;
import org.accountstream.ports.in.AccessDeniedException;
import org.accountstream.ports.in.ServerStoppingException;
import org.accountstream.ports.in.StreamAccountsUseCase;
import org.accountstream.ports.in.StreamRequest;
import org.accountstream.ports.in.TooManyStreamsException;
import org.accountstream.ports.in.UpstreamUnavailableException;
import org.accountstream.wire.WireFrames;
import org.accountstream.wire.proto.AccountDataRequest;
import org.accountstream.wire.proto.AccountDataStream;
import org.accountstream.wire.proto.AccountStreamServiceGrpc;

/**
 * {@code org.signal.AccountStreamService/StreamAccountData}: each call runs its stream on a
 * virtual thread of its own that blocks while the client is not ready, so slow clients cost a
 * parked thread, not buffered messages. Cancelling the call interrupts that thread at once.
 *
 * <p>The service decides how a stream ends; this only translates: malformed range or oversized
 * token → INVALID_ARGUMENT; no or a wrong credential → UNAUTHENTICATED, a range the credential
 * does not cover → PERMISSION_DENIED (checked here, before the stream starts); over the stream limit → RESOURCE_EXHAUSTED; table or feed
 * unreadable → UNAVAILABLE; the server stopping → UNAVAILABLE, sent after the page in flight. A
 * client that reads nothing cannot be sent that status (it would wait behind unsent data): such
 * a call is left to {@link GrpcServer#close}, which resets it, and the client sees CANCELLED.
 */
public final class AccountStreamGrpcService extends AccountStreamServiceGrpc.AccountStreamServiceImplBase {

    private static final Logger LOG = Logger.getLogger(AccountStreamGrpcService.class.getName());
    private static final Status STOPPING = Status.UNAVAILABLE.withDescription("server is shutting down");

    private final StreamAccountsUseCase streams;
    private final AccessControl access;
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final Set<ServerCallStreamObserver<?>> closing = ConcurrentHashMap.newKeySet();
    private final AtomicLong callNumbers = new AtomicLong();

    public AccountStreamGrpcService(StreamAccountsUseCase streams, AccessControl access) {
        this.streams = streams;
        this.access = access;
    }

    @Override
    public void streamAccountData(AccountDataRequest request, StreamObserver<AccountDataStream> observer) {
        ServerCallStreamObserver<AccountDataStream> call = (ServerCallStreamObserver<AccountDataStream>) observer;
        StreamRequest streamRequest;
        try {
            streamRequest = WireFrames.toRequest(request);
            access.authorize(PresentedSecret.KEY.get(), streamRequest.range());
        } catch (InvalidRequestException e) {
            call.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        } catch (AccessDeniedException e) {
            Status status = e.reason() == AccessDeniedException.Reason.UNAUTHENTICATED
                    ? Status.UNAUTHENTICATED : Status.PERMISSION_DENIED;
            call.onError(status.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        ReadyGate gate = new ReadyGate(call);
        Thread stream = Thread.ofVirtual()
                .name("grpc-stream-" + callNumbers.incrementAndGet())
                .unstarted(() -> run(streamRequest, call, gate));
        call.setOnReadyHandler(gate);
        call.setOnCancelHandler(() -> {
            stream.interrupt();
            closed(call); // a client that leaves is not waited for either
        });
        call.setOnCloseHandler(() -> closed(call));
        running.add(stream);
        stream.start();
    }

    /** Calls being served now. */
    public int activeStreams() {
        return running.size();
    }

    /**
     * Waits up to {@code grace} until every stream thread has ended and every call that was sent
     * its last status has delivered it; answers whether all did. Waiting for the threads first
     * matters: the service lets a stream go before its thread here sends the status.
     */
    boolean awaitClosing(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (closing) {
            for (long left = grace.toNanos();
                 !(running.isEmpty() && closing.isEmpty()) && left > 0;
                 left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(closing, left);
            }
            return running.isEmpty() && closing.isEmpty();
        }
    }

    private void run(StreamRequest request, ServerCallStreamObserver<AccountDataStream> call, ReadyGate gate) {
        try {
            streams.streamAccounts(request, frame -> {
                gate.awaitReady();
                call.onNext(WireFrames.toMessage(frame));
            });
        } catch (InterruptedException e) {
            LOG.log(Level.FINE, "stream ended by its client"); // cancelled: nothing to send
        } catch (InvalidRequestException e) {
            fail(call, Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
        } catch (TooManyStreamsException e) {
            fail(call, Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage()));
        } catch (UpstreamUnavailableException e) {
            fail(call, Status.UNAVAILABLE.withDescription(e.getMessage()));
        } catch (ServerStoppingException e) {
            if (call.isReady()) { // a reading client gets the status once its window takes it
                closing.add(call);
                fail(call, STOPPING);
            }
        } catch (RuntimeException e) {
            if (call.isCancelled()) {
                // An adapter surfaced the cancellation's interrupt as its own exception.
                LOG.log(Level.FINE, "stream ended by its client", e);
            } else {
                LOG.log(Level.SEVERE, "stream failed", e);
                fail(call, Status.INTERNAL.withDescription("internal error"));
            }
        } finally {
            synchronized (closing) {
                running.remove(Thread.currentThread());
                closing.notifyAll();
            }
        }
    }

    private void closed(ServerCallStreamObserver<?> call) {
        synchronized (closing) {
            if (closing.remove(call)) {
                closing.notifyAll();
            }
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
