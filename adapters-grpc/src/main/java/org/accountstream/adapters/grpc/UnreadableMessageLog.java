package org.accountstream.adapters.grpc;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps grpc-java's report of a request message it could not read to one line at most once per
 * interval. grpc-java logs each one (e.g. a message over the server's size limit, refused with
 * RESOURCE_EXHAUSTED) at WARNING with a full stack trace, and has no switch for it: any client
 * could flood the log by sending oversized requests.
 */
final class UnreadableMessageLog implements Filter {

    /** Where grpc-java's Netty transport reports "Exception processing message". */
    static final String GRPC_LOGGER = "io.grpc.netty.shaded.io.grpc.netty.NettyServerStream";

    // JUL holds loggers weakly: this reference keeps the filter attached.
    private static final Logger LOGGER = Logger.getLogger(GRPC_LOGGER);

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong nextLineAt;
    private final AtomicLong suppressed = new AtomicLong();

    UnreadableMessageLog(Duration interval, LongSupplier nanoTime) {
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.nextLineAt = new AtomicLong(nanoTime.getAsLong());
    }

    /** Installs the filter on grpc-java's logger: one line per minute at most. */
    static void install() {
        if (!(LOGGER.getFilter() instanceof UnreadableMessageLog)) {
            LOGGER.setFilter(new UnreadableMessageLog(Duration.ofMinutes(1), System::nanoTime));
        }
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        Throwable thrown = record.getThrown();
        if (thrown == null) {
            return true; // not a failure report: left as it is
        }
        long now = nanoTime.getAsLong();
        long next = nextLineAt.get();
        if (now - next < 0 || !nextLineAt.compareAndSet(next, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return false;
        }
        long dropped = suppressed.getAndSet(0);
        record.setMessage("a client sent a request message the server cannot read: " + thrown.getMessage()
                + (dropped == 0 ? "" : " (and " + dropped + " more since the last such line)")
                + "; such lines are logged at most once every " + Duration.ofNanos(intervalNanos).toSeconds() + " s");
        record.setParameters(null);
        record.setThrown(null);
        return true;
    }
}
