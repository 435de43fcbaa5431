package org.accountstream.application;

/**
 * Monotonic time in nanoseconds, like {@link System#nanoTime()}: only differences mean anything.
 * The engine takes its "now" from a ticker so that tests decide what happened before what.
 */
@FunctionalInterface
public interface Ticker {

    Ticker SYSTEM = System::nanoTime;

    long nanos();
}
