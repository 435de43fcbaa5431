package org.accountstream.adapters.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.accountstream.adapters.grpc.proto.AccountDataRequest;
import org.accountstream.adapters.grpc.proto.AccountDataStream;
import org.accountstream.adapters.grpc.proto.AccountStreamServiceGrpc;
import org.accountstream.adapters.grpc.proto.Shard;
import org.accountstream.domain.Account;
import org.accountstream.domain.AccountChange;
import org.accountstream.domain.Frame;
import org.accountstream.ports.in.StreamAccountsUseCase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading stalls only its own stream: the server sends it no more than the
 * transport's flow-control window holds (memory stays bounded), while a reading client on the
 * same server keeps receiving at full speed.
 */
class FlowControlTest {

    private static final Frame FULL_PAGE = fullPage();

    /** Frames each stream has handed to the transport, by the stream's range start byte. */
    private final ConcurrentHashMap<Byte, AtomicInteger> framesSent = new ConcurrentHashMap<>();
    private GrpcServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() {
        StreamAccountsUseCase endless = (request, sink) -> {
            byte tag = request.range().start().map(uuid -> (byte) uuid.getMostSignificantBits()).orElse((byte) 0);
            AtomicInteger sent = framesSent.computeIfAbsent(tag, t -> new AtomicInteger());
            while (true) {
                sink.send(FULL_PAGE);
                sent.incrementAndGet();
            }
        };
        server = GrpcServer.start(endless, GrpcSettings.defaults("127.0.0.1", 0));
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
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
        Thread.sleep(3000);

        int stalledFrames = framesSent.get((byte) 1).get();
        assertThat(slow.received.get()).isEqualTo(1);
        // a 4000-record page is ~230 KB: the HTTP/2 windows hold a handful, never the stream
        assertThat(stalledFrames).isLessThan(20);
        assertThat(fast.received.get()).isGreaterThan(50);
        Thread.sleep(1000);
        assertThat(framesSent.get((byte) 1).get()).as("still stalled").isEqualTo(stalledFrames);

        slow.call.cancel("leaving", null);
        fast.call.cancel("leaving", null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.activeStreams() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.activeStreams()).as("cancelled streams are freed").isZero();
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
