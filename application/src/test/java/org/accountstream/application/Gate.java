package org.accountstream.application;

/**
 * Holds a consumer's frames while closed, as a client that stops reading holds its stream: the
 * service's send blocks (backpressure) until the gate opens again.
 */
final class Gate implements StreamConsumer.Pace {

    private boolean open = true;
    private int waiting;

    synchronized void close() {
        open = false;
    }

    synchronized void open() {
        open = true;
        notifyAll();
    }

    /** Whether a frame is being held at the closed gate. */
    synchronized boolean holdsAFrame() {
        return !open && waiting > 0;
    }

    @Override
    public synchronized void beforeReceiving(org.accountstream.domain.Frame frame) throws InterruptedException {
        waiting++;
        try {
            while (!open) {
                wait();
            }
        } finally {
            waiting--;
        }
    }
}
