package org.accountstream.app;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.accountstream.wire.proto.AccountDataRequest;
import org.accountstream.wire.proto.AccountDataStream;
import org.accountstream.wire.proto.AccountStreamServiceGrpc;
import org.accountstream.wire.proto.Shard;

/**
 * Many idle streams on one server with the default limits: {@code streams} gRPC streams (default
 * 10,000) over one client connection, each of a small range of its own, in memory mode with the
 * demo writer running. Prints the time until every stream is dataset_current, the heap per stream
 * (client and server together, after a GC), and the messages per second they receive while idle
 * (bookmarks: a range that saw no change gets at most one per bookmark interval).
 * {@code scripts/benchmark-idle-streams.sh [streams=10000]}
 */
public final class IdleStreamsBenchmark {

    private static final Duration MEASURED = Duration.ofSeconds(10);

    private IdleStreamsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int streams = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        try (RunningApp running = RunningApp.start(Map.of(
                "accountstream.demo.accounts", "10000",
                "accountstream.demo.updates-per-second", "10"))) {
            ManagedChannel channel = running.channel();
            long heapBefore = Measures.usedHeapAfterGc();
            CountDownLatch current = new CountDownLatch(streams);
            AtomicLong messages = new AtomicLong();
            List<ClientCallStreamObserver<AccountDataRequest>> calls = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < streams; i++) {
                calls.add(open(channel, i, streams, current, messages));
            }
            if (!current.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException(current.getCount() + " streams did not become current");
            }
            double secondsToCurrent = (System.nanoTime() - start) / 1e9;
            long heapPerStream = (Measures.usedHeapAfterGc() - heapBefore) / streams;
            long before = messages.get();
            Thread.sleep(MEASURED); // a benchmark measures a rate over time; tests never do
            double perSecond = (messages.get() - before) / (double) MEASURED.toSeconds();

            System.out.printf("%n%-44s %,12d%n", "idle streams (one connection)", streams);
            System.out.printf("%-44s %12.1f%n", "seconds until all were dataset_current", secondsToCurrent);
            System.out.printf("%-44s %,12d%n", "heap per stream, client and server (bytes)", heapPerStream);
            System.out.printf("%-44s %,12.0f%n", "messages per second while idle (10 writes/s)", perSecond);
            System.out.printf("%-44s %,12d%n", "streams open on the server", running.app.service().openStreams());
            calls.forEach(call -> call.cancel("done", null));
            RunningApp.closeChannel(channel);
        }
    }

    /** A stream of the {@code index}-th of {@code count} equal slices of the aci space. */
    private static ClientCallStreamObserver<AccountDataRequest> open(ManagedChannel channel, int index, int count,
                                                                    CountDownLatch current, AtomicLong messages) {
        long width = Long.divideUnsigned(-1L, count);
        AccountDataRequest request = AccountDataRequest.newBuilder()
                .setShard(Shard.newBuilder().setStart(bound(width * index)).setLimit(bound(width * index + width / 1024)))
                .build();
        List<ClientCallStreamObserver<AccountDataRequest>> call = new ArrayList<>(1);
        AccountStreamServiceGrpc.newStub(channel).streamAccountData(request,
                new ClientResponseObserver<AccountDataRequest, AccountDataStream>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<AccountDataRequest> requestStream) {
                        call.add(requestStream);
                    }

                    @Override
                    public void onNext(AccountDataStream message) {
                        messages.incrementAndGet();
                        if (message.getDatasetCurrent()) {
                            current.countDown();
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        return call.getFirst();
    }

    private static ByteString bound(long high) {
        return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(high).array());
    }
}
