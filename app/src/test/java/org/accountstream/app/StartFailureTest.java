package org.accountstream.app;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that cannot succeed ends the process at once, non-zero, with one line that says what
 * to change and nothing else: no stack trace, no "is up", no other thread's log lines. (A token
 * key is given, so that its absence is not warned about.)
 */
class StartFailureTest {

    private static final String[] LOOPBACK = {
        "grpc.host=127.0.0.1", "grpc.port=0", "server.host=127.0.0.1", "server.port=0",
        "accountstream.embedded.dynamodb-port=0", "accountstream.token.keys=" + RunningApp.TOKEN_KEY};

    @Test
    void busyGrpcPortNamesItsKey() throws Exception {
        try (ServerSocket busy = busyLoopbackPort()) {
            int port = busy.getLocalPort();
            assertExitsWithOneLine(start("accountstream.mode=memory", "grpc.port=" + port), 1,
                    "gRPC cannot listen on 127.0.0.1:" + port + " (Address already in use)",
                    "grpc.port=<port>, or grpc.port=0 for any free port");
        }
    }

    @Test
    void busyHttpPortNamesItsKey() throws Exception {
        try (ServerSocket busy = busyLoopbackPort()) {
            int port = busy.getLocalPort();
            assertExitsWithOneLine(start("accountstream.mode=memory", "server.port=" + port), 1,
                    "HTTP cannot listen on 127.0.0.1:" + port + " (Address already in use)",
                    "server.port=<port>, or server.port=0 for any free port");
        }
    }

    @Test
    void busyEmbeddedDynamoDbPortNamesItsKey() throws Exception {
        try (ServerSocket busy = busyLoopbackPort()) {
            int port = busy.getLocalPort();
            assertExitsWithOneLine(start("accountstream.embedded.dynamodb-port=" + port), 1,
                    "DynamoDB Local (embedded) cannot listen on 127.0.0.1:" + port + " (Address already in use)",
                    "accountstream.embedded.dynamodb-port=0 for any free port");
        }
    }

    @Test
    void anArgumentThatSetsNothingIsRefused() throws Exception {
        assertExitsWithOneLine(start("--verbose"), 2,
                "Configuration error: unexpected argument '--verbose'", "key=value, --key=value or -Dkey=value");
    }

    @Test
    void anUnknownGrpcKeyIsRefusedAsAnArgument() throws Exception {
        assertExitsWithOneLine(start("grpc.prot=6003"), 2,
                "Configuration error: unknown configuration key 'grpc.prot' given as an argument",
                "[grpc.host, grpc.port]");
    }

    @Test
    void anUnknownGrpcKeyIsRefusedAsASystemProperty() throws Exception {
        AppProcess app = AppProcess.start(List.of("-Dgrpc.prot=6003"), Map.of(), LOOPBACK);
        assertExitsWithOneLine(app, 2,
                "Configuration error: unknown configuration key 'grpc.prot' given as a system property");
    }

    @Test
    void anUnknownServerKeyIsRefused() throws Exception {
        assertExitsWithOneLine(start("server.prot=8081"), 2,
                "Configuration error: unknown configuration key 'server.prot' given as an argument",
                "server.port", "server.sockets");
    }

    @Test
    void aTlsCertificateWithoutItsKeyIsRefused(@TempDir Path directory) throws Exception {
        TestCertificate certificate = TestCertificate.rsa(directory, "server");
        assertExitsWithOneLine(start("accountstream.mode=memory",
                        "accountstream.tls.certificate=" + certificate.certificate()), 2,
                "Configuration error: accountstream.tls.certificate is set but accountstream.tls.private-key is not");
    }

    @Test
    void aTlsKeyFileThatIsNotPemIsRefusedNamingItsKey(@TempDir Path directory) throws Exception {
        TestCertificate certificate = TestCertificate.rsa(directory, "server");
        Path garbage = Files.writeString(directory.resolve("garbage.pem"), "not a key\n");
        assertExitsWithOneLine(start("accountstream.mode=memory",
                        "accountstream.tls.certificate=" + certificate.certificate(),
                        "accountstream.tls.private-key=" + garbage), 2,
                "Configuration error: accountstream.tls.private-key=" + garbage + " is not an unencrypted PKCS#8 key");
    }

    /** The loopback arguments, then {@code args} (a later value of a key wins). */
    private static AppProcess start(String... args) {
        List<String> all = new ArrayList<>(List.of(LOOPBACK));
        all.addAll(List.of(args));
        return AppProcess.start(List.of(), Map.of(), all.toArray(String[]::new));
    }

    private static ServerSocket busyLoopbackPort() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    /** Exits with {@code status}, having printed one line only: the one with every one of {@code parts}. */
    private static void assertExitsWithOneLine(AppProcess app, int status, String... parts) throws Exception {
        try (app) {
            assertThat(app.awaitExit()).as("exit status; output:\n%s", app.output()).isEqualTo(status);
            assertThat(app.output()).singleElement(as(STRING)).contains(parts);
        }
    }
}
