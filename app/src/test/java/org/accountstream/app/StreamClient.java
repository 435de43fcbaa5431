package org.accountstream.app;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.accountstream.domain.Account;
import org.accountstream.domain.Frame;
import org.accountstream.domain.Replica;
import org.accountstream.wire.WireFrames;
import org.accountstream.wire.proto.AccountDataRequest;
import org.accountstream.wire.proto.AccountDataStream;
import org.accountstream.wire.proto.AccountStreamServiceGrpc;
import org.accountstream.wire.proto.Shard;

/**
 * A grpc-java consumer as a test drives it: one call, messages taken one at a time (it asks the
 * server for the next message only when the test takes one, so it can also be slow), applied to
 * a {@link Replica}.
 */
final class StreamClient implements AutoCloseable {

    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private volatile ClientCallStreamObserver<AccountDataRequest> call;
    final Replica replica;
    int clearAlls;
    int recordsReceived;
    boolean datasetCurrent;
    /**
     * Records that arrived after the snapshot ended: its end is the first frame with a token, or,
     * for a client that asked for tokens during its snapshot, dataset_current.
     */
    int recordsAfterSnapshot;
    /** Whether the snapshot has ended. */
    boolean snapshotEnded;
    /**
     * Frames with records before dataset_current, with a token and without: the snapshot's pages
     * when the table does not change meanwhile.
     */
    int pagesWithTokenBeforeCurrent;
    int pagesWithoutTokenBeforeCurrent;
    private final boolean resumableSnapshot;
    private boolean requested;

    private StreamClient(Replica replica, boolean resumableSnapshot) {
        this.replica = replica;
        this.resumableSnapshot = resumableSnapshot;
    }

    /** Opens a stream for a consumer whose copy is {@code replica}, resuming from its last token. */
    static StreamClient resume(Channel channel, Replica replica) {
        return open(channel, new byte[0], new byte[0], replica.lastToken(), replica, false);
    }

    /**
     * Opens a stream of the range [{@code start}, {@code limit}) for a consumer whose copy is
     * {@code replica}, resuming from its last token, that asks for tokens during its snapshot
     * ({@code resumable_snapshot}).
     */
    static StreamClient resumable(Channel channel, byte[] start, byte[] limit, Replica replica) {
        return open(channel, start, limit, replica.lastToken(), replica, true);
    }

    static StreamClient open(Channel channel, byte[] start, byte[] limit, byte[] token) {
        return open(channel, start, limit, token, new Replica(), false);
    }

    private static StreamClient open(Channel channel, byte[] start, byte[] limit, byte[] token, Replica replica,
                                     boolean resumableSnapshot) {
        StreamClient client = new StreamClient(replica, resumableSnapshot);
        AccountDataRequest request = AccountDataRequest.newBuilder()
                .setShard(Shard.newBuilder().setStart(ByteString.copyFrom(start)).setLimit(ByteString.copyFrom(limit)))
                .setLastContinuationToken(ByteString.copyFrom(token))
                .setResumableSnapshot(resumableSnapshot)
                .build();
        AccountStreamServiceGrpc.newStub(channel).streamAccountData(request, client.observer());
        return client;
    }

    static StreamClient open(Channel channel, byte[] token) {
        return open(channel, new byte[0], new byte[0], token);
    }

    /** {@code count} fresh streams of the whole table, returned once each has had dataset_current. */
    static List<StreamClient> openCurrent(Channel channel, int count, Duration timeout) throws InterruptedException {
        List<StreamClient> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clients.add(open(channel, new byte[0]));
        }
        for (StreamClient client : clients) {
            client.awaitDatasetCurrent(timeout);
        }
        return clients;
    }

    /** The next message, applied to the replica; {@code null} on timeout. Throws on a stream error. */
    AccountDataStream next(Duration timeout) throws InterruptedException {
        if (!requested) {
            call.request(1);
            requested = true;
        }
        Object item = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (item == null) {
            return null;
        }
        requested = false;
        if (item instanceof Throwable error) {
            throw new StreamEndedException(Status.fromThrowable(error));
        }
        AccountDataStream message = (AccountDataStream) item;
        Frame frame = WireFrames.toFrame(message);
        replica.apply(frame);
        clearAlls += frame.clearAll() ? 1 : 0;
        recordsReceived += frame.records().size();
        if (snapshotEnded) {
            recordsAfterSnapshot += frame.records().size();
        } else {
            snapshotEnded = resumableSnapshot ? frame.datasetCurrent() : frame.hasToken();
        }
        if (!datasetCurrent && !frame.records().isEmpty()) {
            pagesWithTokenBeforeCurrent += frame.hasToken() ? 1 : 0;
            pagesWithoutTokenBeforeCurrent += frame.hasToken() ? 0 : 1;
        }
        datasetCurrent |= frame.datasetCurrent();
        return message;
    }

    /** Reads until dataset_current has arrived. */
    void awaitDatasetCurrent(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!datasetCurrent) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no dataset_current within " + timeout);
            }
            next(Duration.ofNanos(left));
        }
    }

    /**
     * Reads until the replica equals {@code expected}, asked again after every message (the table
     * may still be changing); fails after {@code timeout}, showing how the two differ in size.
     */
    void awaitView(ExpectedView expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Long, Account> wanted = expected.get();
        while (!replica.byE164().equals(wanted)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the replica (" + replica.byE164().size() + " accounts) did not become"
                        + " the expected view (" + wanted.size() + ") within " + timeout);
            }
            if (next(Duration.ofNanos(Math.min(left, Duration.ofMillis(100).toNanos()))) == null) {
                wanted = expected.get(); // quiet: maybe a write the view was taken before
            }
        }
    }

    /** Reads until the replica holds an account with number {@code e164}. */
    void awaitAccount(long e164, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!replica.byE164().containsKey(e164)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no account +" + e164 + " within " + timeout);
            }
            next(Duration.ofNanos(left));
        }
    }

    /** Reads until at least {@code records} records arrived on this stream. */
    void awaitRecords(int records, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (recordsReceived < records) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("only " + recordsReceived + " of " + records + " records within " + timeout);
            }
            next(Duration.ofNanos(left));
        }
    }

    /** Reads until at least {@code records} records arrived after the snapshot. */
    void awaitRecordsAfterSnapshot(int records, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (recordsAfterSnapshot < records) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("only " + recordsAfterSnapshot + " of " + records
                        + " records after the snapshot within " + timeout);
            }
            next(Duration.ofNanos(left));
        }
    }

    @Override
    public void close() {
        call.cancel("test done", null);
    }

    /** What the replica should hold, e.g. a fresh read of the table. */
    @FunctionalInterface
    interface ExpectedView {
        Map<Long, Account> get() throws InterruptedException;
    }

    static final class StreamEndedException extends RuntimeException {
        final Status status;

        StreamEndedException(Status status) {
            super(status.toString());
            this.status = status;
        }
    }

    private ClientResponseObserver<AccountDataRequest, AccountDataStream> observer() {
        return new ClientResponseObserver<>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<AccountDataRequest> requestStream) {
                call = requestStream;
                requestStream.disableAutoRequestWithInitial(0);
            }

            @Override
            public void onNext(AccountDataStream value) {
                inbox.add(value);
            }

            @Override
            public void onError(Throwable t) {
                inbox.add(t);
            }

            @Override
            public void onCompleted() {
                inbox.add(new IllegalStateException("the server ended a stream that never ends"));
            }
        };
    }
}
