package org.accountstream.ports.in;

import org.accountstream.domain.Frame;

/** Where a stream's frames go: a transport's connection to one consumer. */
@FunctionalInterface
public interface FrameSink {

    /**
     * Sends one frame, blocking while the consumer is not ready for more: that wait is the
     * stream's backpressure, so a slow consumer stalls only its own stream.
     */
    void send(Frame frame) throws InterruptedException;
}
