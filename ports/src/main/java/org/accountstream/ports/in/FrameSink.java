package org.accountstream.ports.in;

import org.accountstream.domain.Frame;

/**
 * Where a stream's frames go: a transport's connection to one consumer.
 *
 * <p><b>Threading.</b> The service calls {@link #send} from one thread at a time, never
 * concurrently, and each call happens-before the next; but not always from the thread that
 * called {@link StreamAccountsUseCase#streamAccounts}: during a snapshot the scanning threads
 * take turns sending pages. A sink must therefore not depend on the calling thread (no thread
 * locals), and must answer an interrupt of whichever thread is blocked in it.
 */
@FunctionalInterface
public interface FrameSink {

    /**
     * Sends one frame, blocking while the consumer is not ready for more: that wait is the
     * stream's backpressure, so a slow consumer stalls only its own stream. An interrupt ends
     * the wait with {@link InterruptedException} (the consumer left, or the server is stopping).
     */
    void send(Frame frame) throws InterruptedException;
}
