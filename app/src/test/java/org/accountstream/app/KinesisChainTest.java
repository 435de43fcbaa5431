package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * End to end through Signal's chain (see {@link LocalChain}): table → DynamoDB stream → the filter
 * Lambda under its local runner → Kinesis (4 shards) → the application → gRPC clients.
 */
class KinesisChainTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    /**
     * Writes of every kind, numbers moving between accounts on different shards, and a split and a
     * merge while clients stream: every client's replica ends equal to the table, including one
     * that resumes with its token after the reshards.
     */
    @ParameterizedTest
    @EnumSource(value = LocalChain.Reading.class, names = {"KINESIS_POLLING", "KINESIS_FAN_OUT"})
    void everyReplicaEqualsTheTableAfterMovesAcrossShardsAndReshards(LocalChain.Reading reading) throws Exception {
        try (LocalChain chain = new LocalChain(1_000, 4)) {
            AccountStreamApp app = chain.start(reading, Map.of());
            ManagedChannel channel = RunningApp.channel(app);
            List<StreamClient> clients = new ArrayList<>();
            try {
                clients.addAll(StreamClient.openCurrent(channel, 3, WAIT));
                StreamClient away = clients.removeLast();
                NumberMoves moves = new NumberMoves(chain.stream.openShards(), 8, chain.table.table()::put,
                        chain.table.table()::get);
                away.awaitView(chain::expected, WAIT);
                away.close();

                for (int round = 0; round < 2; round++) {
                    moves.rotate();
                    for (int i = 0; i < 100; i++) {
                        chain.table.writer().writeOnce();
                    }
                    chain.stream.reshard(); // a split, then another split
                }
                moves.rotate();
                chain.stream.reshard(); // a merge
                moves.rotate();

                for (StreamClient client : clients) {
                    client.awaitView(chain::expected, WAIT);
                }
                try (StreamClient back = StreamClient.resume(channel, away.replica)) {
                    back.awaitView(chain::expected, WAIT);
                    assertThat(back.clearAlls).as("the returning client resumed: no clear_all").isZero();
                }
            } finally {
                clients.forEach(StreamClient::close);
                RunningApp.closeChannel(channel);
                app.close();
            }
        }
    }
}
