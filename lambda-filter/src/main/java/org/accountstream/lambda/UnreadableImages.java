package org.accountstream.lambda;

import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Counts the stream images that are not readable accounts, and logs each by its item's key and
 * stream record: the first {@value #WARNINGS_LOGGED} as warnings, the rest at FINE, so a bad
 * table cannot flood the log. Never the image's content (see {@link MalformedImageException}).
 */
final class UnreadableImages {

    private static final Logger LOG = Logger.getLogger(UnreadableImages.class.getName());
    private static final long WARNINGS_LOGGED = 100;

    private final LongAdder count = new LongAdder();

    void add(String sequenceNumber, MalformedImageException problem) {
        count.increment();
        long soFar = count.sum();
        LOG.log(soFar <= WARNINGS_LOGGED ? Level.WARNING : Level.FINE,
                "treating an unreadable image as absent in stream record {0}: {1} ({2} so far{3})",
                new Object[] {sequenceNumber, problem.getMessage(), soFar,
                        soFar == WARNINGS_LOGGED ? "; further ones are logged at FINE" : ""});
    }

    long count() {
        return count.sum();
    }
}
