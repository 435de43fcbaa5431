package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One process, started with configuration in every source: arguments in their three spellings,
 * which win over system properties and the environment, and environment variables of other
 * programs that merely look like keys. Last, SIGTERM stops it, saying so.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandLineTest {

    private static final int GRPC_PORT = AppProcess.freePort();
    private static final int HTTP_PORT = AppProcess.freePort();

    private static AppProcess app;

    @BeforeAll
    static void start() {
        app = AppProcess.start(
                List.of("-Dgrpc.port=1", "-Dserver.host=127.0.0.1"),
                Map.of("GRPC_PORT", "2", "GRPC_TRACE", "all", "GRPC_VERBOSITY", "DEBUG"),
                "accountstream.mode=memory", "--grpc.port=" + GRPC_PORT, "-Dserver.port=" + HTTP_PORT,
                "grpc.host=127.0.0.1", "accountstream.token.keys=" + RunningApp.TOKEN_KEY);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        app.close();
    }

    @Test
    @Order(1)
    void argumentsInEverySpellingWinOverSystemPropertiesAndEnvironment() throws InterruptedException {
        assertThat(app.awaitLineContaining("AccountStream is up"))
                .contains("gRPC on port " + GRPC_PORT, "HTTP on port " + HTTP_PORT);
    }

    @Test
    @Order(2)
    void sigtermLogsTheStopAndItsDuration() throws InterruptedException {
        app.awaitLineContaining("AccountStream is up");
        app.terminate();
        app.awaitLine(line -> line.endsWith("INFO org.accountstream.app.Main: stopping AccountStream..."));
        assertThat(app.awaitLine(line -> line.contains("AccountStream stopped in")))
                .matches(".* INFO org\\.accountstream\\.app\\.Main: AccountStream stopped in \\d+ ms");
        assertThat(app.awaitExit()).isEqualTo(143); // 128 + SIGTERM, as the JVM exits on it
    }
}
