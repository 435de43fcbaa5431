package org.accountstream.adapters.dynamodb;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * A DynamoDB client over DynamoDB Local whose Scans and DescribeTables can be made to fail
 * (DynamoDB Local never throttles) and whose Scan requests and responses are recorded.
 */
final class ScriptedDynamoDbClient implements DynamoDbClient {

    private final DynamoDbClient delegate;
    private final Queue<RuntimeException> failures = new ConcurrentLinkedQueue<>();
    private final Queue<RuntimeException> describeFailures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger describeCalls = new AtomicInteger();
    // Every Scan's request, failed Scans' too, so its size counts the Scans.
    final List<ScanRequest> requests = new CopyOnWriteArrayList<>();
    final List<ScanResponse> responses = new CopyOnWriteArrayList<>();

    ScriptedDynamoDbClient(DynamoDbClient delegate) {
        this.delegate = delegate;
    }

    /** The next Scans throw these, one each, before Scans reach the table again. */
    void failNextScans(RuntimeException... errors) {
        failures.addAll(List.of(errors));
    }

    int scanCalls() {
        return requests.size();
    }

    /** The next DescribeTables throw these, one each, before they reach the table again. */
    void failNextDescribes(RuntimeException... errors) {
        describeFailures.addAll(List.of(errors));
    }

    /** DescribeTable calls, failed ones too. */
    int describeCalls() {
        return describeCalls.get();
    }

    @Override
    public DescribeTableResponse describeTable(DescribeTableRequest request) {
        describeCalls.incrementAndGet();
        RuntimeException failure = describeFailures.poll();
        if (failure != null) {
            throw failure;
        }
        return delegate.describeTable(request);
    }

    @Override
    public ScanResponse scan(ScanRequest request) {
        requests.add(request);
        RuntimeException failure = failures.poll();
        if (failure != null) {
            throw failure;
        }
        ScanResponse response = delegate.scan(request);
        responses.add(response);
        return response;
    }

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    @Override
    public void close() {
    }
}
