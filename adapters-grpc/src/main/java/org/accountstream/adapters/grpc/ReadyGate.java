package org.accountstream.adapters.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * gRPC flow control for a blocking writer: {@link #awaitReady()} returns once the transport
 * wants more ({@code isReady()}), so a slow client's messages queue in its own HTTP/2 window
 * instead of in server memory. Runs as the call's on-ready handler.
 */
final class ReadyGate implements Runnable {

    private final ServerCallStreamObserver<?> call;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();

    ReadyGate(ServerCallStreamObserver<?> call) {
        this.call = call;
    }

    @Override
    public void run() {
        lock.lock();
        try {
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void awaitReady() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            // run() signals under the lock, so no signal is lost; the timeout notices cancellation.
            while (!call.isReady()) {
                if (call.isCancelled()) {
                    throw new InterruptedException("call cancelled");
                }
                ready.await(200, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }
}
