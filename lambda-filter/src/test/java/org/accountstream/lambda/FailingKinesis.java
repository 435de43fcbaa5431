package org.accountstream.lambda;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * A Kinesis client whose PutRecords fails the records it is told to, as Kinesis does under
 * throttling: those are not written and answer an error code, the rest of the request is written
 * by the real client behind it. Or it fails whole calls.
 */
public final class FailingKinesis implements KinesisClient {

    private final KinesisClient kinesis;
    private volatile Predicate<PutRecordsRequestEntry> failing = entry -> false;
    private volatile Predicate<PutRecordsRequest> failingCalls = request -> false;
    private volatile int calls;

    public FailingKinesis(KinesisClient kinesis) {
        this.kinesis = kinesis;
    }

    /** From now on, fails the records that match. */
    public void failRecords(Predicate<PutRecordsRequestEntry> matching) {
        this.failing = matching;
    }

    /** From now on, fails the calls that match as a whole, as a throttled call fails beyond the SDK's retries. */
    public void failCalls(Predicate<PutRecordsRequest> matching) {
        this.failingCalls = matching;
    }

    /** PutRecords calls received. */
    public int calls() {
        return calls;
    }

    @Override
    public PutRecordsResponse putRecords(PutRecordsRequest request) {
        calls++;
        if (failingCalls.test(request)) {
            throw ProvisionedThroughputExceededException.builder().message("Rate exceeded (test)").build();
        }
        List<PutRecordsRequestEntry> sent = new ArrayList<>();
        List<Integer> failedAt = new ArrayList<>();
        for (int i = 0; i < request.records().size(); i++) {
            PutRecordsRequestEntry entry = request.records().get(i);
            if (failing.test(entry)) {
                failedAt.add(i);
            } else {
                sent.add(entry);
            }
        }
        PutRecordsResponse written = sent.isEmpty()
                ? PutRecordsResponse.builder().failedRecordCount(0).records(List.of()).build()
                : kinesis.putRecords(request.toBuilder().records(sent).build());
        List<PutRecordsResultEntry> results = new ArrayList<>(written.records());
        for (int index : failedAt) {
            results.add(index, PutRecordsResultEntry.builder()
                    .errorCode("ProvisionedThroughputExceededException")
                    .errorMessage("Rate exceeded for shard (test)")
                    .build());
        }
        return PutRecordsResponse.builder()
                .failedRecordCount(written.failedRecordCount() + failedAt.size())
                .records(results)
                .build();
    }

    @Override
    public String serviceName() {
        return kinesis.serviceName();
    }

    @Override
    public void close() {
        kinesis.close();
    }
}
