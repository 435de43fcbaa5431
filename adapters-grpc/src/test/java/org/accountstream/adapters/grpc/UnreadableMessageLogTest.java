package org.accountstream.adapters.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class UnreadableMessageLogTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final UnreadableMessageLog filter = new UnreadableMessageLog(Duration.ofSeconds(60), clock::get);

    private static LogRecord oversized() {
        LogRecord record = new LogRecord(Level.WARNING, "Exception processing message");
        record.setThrown(Status.RESOURCE_EXHAUSTED
                .withDescription("gRPC message exceeds maximum size 98304: 102412").asRuntimeException());
        return record;
    }

    @Test
    void aFailureBecomesOneLineWithoutItsStackTrace() {
        LogRecord record = oversized();
        assertThat(filter.isLoggable(record)).isTrue();
        assertThat(record.getThrown()).isNull();
        assertThat(record.getMessage())
                .contains("RESOURCE_EXHAUSTED: gRPC message exceeds maximum size 98304: 102412")
                .contains("at most once every 60 s")
                .doesNotContain("\n");
    }

    @Test
    void furtherFailuresWithinTheIntervalAreCountedIntoTheNextLine() {
        assertThat(filter.isLoggable(oversized())).isTrue();
        clock.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(filter.isLoggable(oversized())).isFalse();
        assertThat(filter.isLoggable(oversized())).isFalse();
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        LogRecord next = oversized();
        assertThat(filter.isLoggable(next)).isTrue();
        assertThat(next.getMessage()).contains("(and 2 more since the last such line)");
    }

    @Test
    void recordsWithoutAFailureAreLeftAlone() {
        LogRecord record = new LogRecord(Level.FINE, "something else");
        assertThat(filter.isLoggable(record)).isTrue();
        assertThat(filter.isLoggable(record)).isTrue();
        assertThat(record.getMessage()).isEqualTo("something else");
    }
}
