package org.accountstream.adapters.dynamodb;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A DynamoDB Streams client over DynamoDB Local that counts calls and can be made to fail the way
 * AWS does and DynamoDB Local does not (throttling, trimming, expired iterators), or be held.
 */
final class ScriptedStreamsClient implements DynamoDbStreamsClient {

    private final DynamoDbStreamsClient delegate;
    private final Queue<RuntimeException> recordFailures = new ConcurrentLinkedQueue<>();
    private final Queue<RuntimeException> iteratorFailures = new ConcurrentLinkedQueue<>();
    private final Queue<RuntimeException> describeFailures = new ConcurrentLinkedQueue<>();
    private volatile CountDownLatch describeGate = new CountDownLatch(0);
    final AtomicInteger describeCalls = new AtomicInteger();
    // Every call's request, failed calls' too, so their sizes count the calls.
    final Queue<GetShardIteratorRequest> iteratorRequests = new ConcurrentLinkedQueue<>();
    final Queue<GetRecordsRequest> recordRequests = new ConcurrentLinkedQueue<>();

    ScriptedStreamsClient(DynamoDbStreamsClient delegate) {
        this.delegate = delegate;
    }

    void failNextGetRecords(RuntimeException... errors) {
        recordFailures.addAll(List.of(errors));
    }

    void failNextGetShardIterator(RuntimeException... errors) {
        iteratorFailures.addAll(List.of(errors));
    }

    void failNextDescribeStream(RuntimeException... errors) {
        describeFailures.addAll(List.of(errors));
    }

    /** DescribeStream calls wait until {@code gate} opens. */
    void holdDescribeStream(CountDownLatch gate) {
        describeGate = gate;
    }

    int iteratorCalls() {
        return iteratorRequests.size();
    }

    int recordCalls() {
        return recordRequests.size();
    }

    void resetCounts() {
        describeCalls.set(0);
        iteratorRequests.clear();
        recordRequests.clear();
    }

    @Override
    public DescribeStreamResponse describeStream(DescribeStreamRequest request) {
        describeCalls.incrementAndGet();
        try {
            describeGate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while held", e);
        }
        throwNext(describeFailures);
        return delegate.describeStream(request);
    }

    @Override
    public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
        iteratorRequests.add(request);
        throwNext(iteratorFailures);
        return delegate.getShardIterator(request);
    }

    @Override
    public GetRecordsResponse getRecords(GetRecordsRequest request) {
        recordRequests.add(request);
        throwNext(recordFailures);
        return delegate.getRecords(request);
    }

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    @Override
    public void close() {
    }

    private static void throwNext(Queue<RuntimeException> failures) {
        RuntimeException failure = failures.poll();
        if (failure != null) {
            throw failure;
        }
    }
}
