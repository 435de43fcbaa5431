package org.accountstream.adapters.kinesis;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;

/**
 * Kinesis' throttling, which kinesis-mock never does, put into a client: the GetRecords calls that
 * {@link #throttle} selects (by their number, from 1) fail with the
 * {@code ProvisionedThroughputExceededException} Kinesis answers when a shard's 5 reads per second
 * are used up, before they reach the mock.
 */
public final class InjectedThrottling implements ExecutionInterceptor {

    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicLong throttled = new AtomicLong();
    private volatile IntPredicate selected = call -> false;

    /** From now on, throttles the GetRecords calls whose numbers (counted from 1 from now) {@code calls} selects. */
    public void throttle(IntPredicate calls) {
        this.calls.set(0);
        this.selected = calls;
    }

    /** GetRecords calls throttled so far. */
    public long throttled() {
        return throttled.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof GetRecordsRequest && selected.test(calls.incrementAndGet())) {
            throttled.incrementAndGet();
            throw ProvisionedThroughputExceededException.builder()
                    .message("Rate exceeded for shard (injected by the test)").statusCode(400).build();
        }
    }
}
