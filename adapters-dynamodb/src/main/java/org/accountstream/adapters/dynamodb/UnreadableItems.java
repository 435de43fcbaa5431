package org.accountstream.adapters.dynamodb;

import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Counts the items (scanned rows, stream images) that are not readable accounts, and logs each
 * with what was done about it: the first {@value #WARNINGS_LOGGED} as warnings, the rest at FINE,
 * so a bad table cannot flood the log. The message names the item's key, never its data (see
 * {@link MalformedItemException}).
 */
final class UnreadableItems {

    private static final long WARNINGS_LOGGED = 100;

    private final Logger log;
    private final LongAdder count = new LongAdder();

    UnreadableItems(Logger log) {
        this.log = log;
    }

    /** One more unreadable item; {@code outcome} says what was done with it and where. */
    void add(String outcome, MalformedItemException problem) {
        count.increment();
        long soFar = count.sum();
        log.log(soFar <= WARNINGS_LOGGED ? Level.WARNING : Level.FINE, "{0}: {1} ({2} so far{3})",
                new Object[] {outcome, problem.getMessage(), soFar,
                        soFar == WARNINGS_LOGGED ? "; further ones are logged at FINE" : ""});
    }

    long count() {
        return count.sum();
    }
}
