package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A transport left out of {@code accountstream.transports} is not started: its port stays closed. */
class TransportsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void withoutSseTheStreamPathIsNotServedButHealthIs() throws Exception {
        try (RunningApp running = RunningApp.start(Map.of("accountstream.transports", "grpc"));
             SseClient client = SseClient.open(SseClient.streamUri(running.app, ""), Map.of())) {
            assertThat(client.status()).isEqualTo(404);
            ManagedChannel channel = running.channel();
            try (StreamClient grpc = StreamClient.open(channel, new byte[0])) {
                grpc.awaitDatasetCurrent(WAIT);
            } finally {
                RunningApp.closeChannel(channel);
            }
        }
    }

    @Test
    void withoutGrpcNothingListensOnItsPort() throws Exception {
        int grpcPort = AppProcess.freePort();
        try (RunningApp running = RunningApp.start(Map.of("accountstream.transports", "sse",
                "grpc.port", Integer.toString(grpcPort)));
             SseClient client = SseClient.open(SseClient.streamUri(running.app, ""), Map.of())) {
            client.awaitCurrent(WAIT);
            assertThat(running.app.grpcPort()).isEqualTo(-1);
            assertThatThrownBy(() -> connect(grpcPort)).isInstanceOf(ConnectException.class);
        }
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        }
    }
}
