package org.accountstream.adapters.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.Frame;
import org.accountstream.ports.contract.Eventually;
import org.accountstream.ports.in.AccessControl;
import org.accountstream.ports.in.StreamAccountsUseCase;
import org.accountstream.wire.proto.AccountDataRequest;
import org.accountstream.wire.proto.AccountDataStream;
import org.accountstream.wire.proto.AccountStreamServiceGrpc;
import org.accountstream.wire.proto.Shard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that stops reading stalls only its own stream: the server sends it no more than the
 * transport's flow-control window holds (memory stays bounded), while a reading client on the
 * same server keeps receiving at full speed.
 */
@Timeout(60)
class FlowControlTest {

    private static final Frame FULL_PAGE = fullPage();
    /** The client's per-stream window, fixed: grpc-java would otherwise grow it as it measures. */
    private static final int CLIENT_WINDOW_BYTES = 1024 * 1024;

    /** Each stream's thread and the frames it has handed to the transport, by its range start byte. */
    private final ConcurrentHashMap<Byte, ServerStream> streams = new ConcurrentHashMap<>();
    private GrpcServer server;
    private ManagedChannel channel;

    private record ServerStream(Thread thread, AtomicInteger framesSent) {
    }

    @BeforeEach
    void start() {
        StreamAccountsUseCase endless = (request, sink) -> {
            byte tag = request.range().start().map(uuid -> (byte) uuid.getMostSignificantBits()).orElse((byte) 0);
            ServerStream stream = new ServerStream(Thread.currentThread(), new AtomicInteger());
            streams.put(tag, stream);
            while (true) {
                sink.send(FULL_PAGE);
                stream.framesSent().incrementAndGet();
            }
        };
        server = GrpcServer.start(endless, AlwaysReady.INSTANCE, AccessControl.OPEN, GrpcSettings.defaults("127.0.0.1", 0));
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
                .flowControlWindow(CLIENT_WINDOW_BYTES).build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    @Test
    void aStalledClientHoldsABoundedNumberOfFramesWhileAReadingClientStreams() throws Exception {
        Client slow = Client.open(channel, (byte) 1, false);
        Client fast = Client.open(channel, (byte) 2, true);

        int stalledFrames = framesOnceStalled((byte) 1, fast);
        assertThat(slow.received.get()).isEqualTo(1);
        // a 4000-record page is ~230 KB: the client's 1 MiB window and the server's buffers hold a handful
        assertThat(stalledFrames).isLessThan(10);
        awaitFrames(fast, fast.received.get() + 100);
        assertThat(streams.get((byte) 1).framesSent().get()).as("still stalled").isEqualTo(stalledFrames);

        slow.call.cancel("leaving", null);
        fast.call.cancel("leaving", null);
        Eventually.await("cancelled streams are freed", Eventually.PATIENCE, () -> server.activeStreams() == 0);
    }

    /**
     * The frames stream {@code tag} had sent once it is stalled: parked waiting for its client,
     * and still parked with the same count after the reading client received 50 more frames. A
     * single look is not enough: a stream also waits briefly after each send while the transport
     * writes it out, and the reading client's progress shows the transport had time to.
     */
    private int framesOnceStalled(byte tag, Client reading) throws InterruptedException {
        while (true) {
            Eventually.await("stream " + tag + " waits for its client", Eventually.PATIENCE,
                    () -> streams.containsKey(tag) && waitsForItsClient(streams.get(tag).thread()));
            int sent = streams.get(tag).framesSent().get();
            awaitFrames(reading, reading.received.get() + 50);
            if (waitsForItsClient(streams.get(tag).thread()) && streams.get(tag).framesSent().get() == sent) {
                return sent;
            }
        }
    }

    private static void awaitFrames(Client client, int frames) throws InterruptedException {
        Eventually.await("the reading client received " + frames + " frames", Eventually.PATIENCE,
                () -> client.received.get() >= frames);
    }

    /**
     * Whether the stream's thread is parked in {@link ReadyGate#awaitReady()}: the transport holds
     * all it may hold for the client, and only the client reading can release the thread.
     */
    private static boolean waitsForItsClient(Thread stream) {
        Thread.State state = stream.getState();
        return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                && Arrays.stream(stream.getStackTrace()).anyMatch(frame ->
                frame.getClassName().equals(ReadyGate.class.getName()) && frame.getMethodName().equals("awaitReady"));
    }

    private static Frame fullPage() {
        List<AccountChange> records = new ArrayList<>();
        for (int i = 0; i < Frame.MAX_RECORDS; i++) {
            records.add(new AccountChange.Upsert(new Account(UUID.randomUUID(), 14_155_550_000L + i, true,
                    UUID.randomUUID(), new byte[16])));
        }
        return new Frame(false, records, new byte[0], false);
    }

    /** A client that reads one message and then either keeps reading or stops asking for more. */
    private static final class Client {
        final AtomicInteger received = new AtomicInteger();
        ClientCallStreamObserver<AccountDataRequest> call;

        static Client open(ManagedChannel channel, byte tag, boolean keepReading) {
            Client client = new Client();
            byte[] start = new byte[16];
            start[7] = tag; // the fake use case tells streams apart by this byte
            AccountDataRequest request = AccountDataRequest.newBuilder()
                    .setShard(Shard.newBuilder().setStart(com.google.protobuf.ByteString.copyFrom(start)))
                    .build();
            AccountStreamServiceGrpc.newStub(channel).streamAccountData(request, new ClientResponseObserver<AccountDataRequest, AccountDataStream>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<AccountDataRequest> requestStream) {
                    client.call = requestStream;
                    requestStream.disableAutoRequestWithInitial(1);
                }

                @Override
                public void onNext(AccountDataStream value) {
                    client.received.incrementAndGet();
                    if (keepReading) {
                        client.call.request(1);
                    }
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                }
            });
            return client;
        }
    }
}
