package org.accountstream.app;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Logger;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler;

/**
 * DynamoDB Local (in memory) for the embedded mode: one database that this application uses in
 * process ({@link #tables()}, {@link #streams()}: straight into the request handler) and that any
 * AWS client ({@code aws dynamodb ... --endpoint-url}) reaches over HTTP on a loopback port.
 *
 * <p>The HTTP endpoint starts on a thread of its own: the in-process clients work at once, while
 * Jetty and DynamoDB Local's HTTP layer load alongside (about a second of a cold start). Callers
 * that hand the endpoint out wait for it with {@link #endpoint()}.
 *
 * <p>DynamoDB Local's own server binds every interface and refuses port 0, so its request
 * handler is mounted on a Jetty server of ours bound to 127.0.0.1. The database is shared across
 * credentials and regions ("sharedDb"), so any client sees the same tables.
 */
final class EmbeddedDynamoDb implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedDynamoDb.class.getName());

    private final LocalDynamoDBRequestHandler requests;
    private final CompletableFuture<Server> http;
    private final DynamoDbClient tables;
    private final DynamoDbStreamsClient streams;

    private EmbeddedDynamoDb(LocalDynamoDBRequestHandler requests, CompletableFuture<Server> http) {
        this.requests = requests;
        this.http = http;
        this.tables = InProcessDynamoDb.tables(requests);
        this.streams = InProcessDynamoDb.streams(requests);
    }

    /** Starts the database, and its HTTP endpoint on {@code 127.0.0.1:port} (0 picks a free port). */
    static EmbeddedDynamoDb start(int port) {
        LocalDynamoDBRequestHandler requests = new LocalDynamoDBRequestHandler(0, true, null, true, false);
        CompletableFuture<Server> http = CompletableFuture.supplyAsync(() -> serveHttp(requests, port),
                task -> Thread.ofPlatform().name("dynamodb-local-http-start").start(task));
        return new EmbeddedDynamoDb(requests, http);
    }

    private static Server serveHttp(LocalDynamoDBRequestHandler requests, int port) {
        long started = System.nanoTime();
        try {
            LocalDynamoDBServerHandler handler = new LocalDynamoDBServerHandler(requests, "*");
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(port);
            server.addConnector(connector);
            server.setHandler(new DynamoDBProxyServer(0, handler).setUpHandler(handler));
            server.start();
            LOG.info(() -> "DynamoDB Local listening on http://127.0.0.1:" + connector.getLocalPort() + " (in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms)");
            return server;
        } catch (Exception e) {
            throw new IllegalStateException("cannot serve DynamoDB Local on 127.0.0.1:" + port + ": " + e.getMessage(),
                    e);
        }
    }

    /** A client of the database in this process, without HTTP. */
    DynamoDbClient tables() {
        return tables;
    }

    /** A DynamoDB Streams client of the database in this process, without HTTP. */
    DynamoDbStreamsClient streams() {
        return streams;
    }

    /**
     * The HTTP endpoint, once it listens.
     *
     * @throws IllegalStateException when it could not start (e.g. the port is taken)
     */
    URI endpoint() {
        try {
            int port = ((ServerConnector) http.join().getConnectors()[0]).getLocalPort();
            return URI.create("http://127.0.0.1:" + port);
        } catch (CompletionException e) {
            throw e.getCause() instanceof IllegalStateException failed ? failed : e;
        }
    }

    @Override
    public void close() {
        try {
            Server server = http.exceptionally(failed -> null).join();
            if (server != null) {
                server.stop();
            }
        } catch (Exception e) {
            throw new IllegalStateException("stopping DynamoDB Local's HTTP endpoint", e);
        } finally {
            requests.shutdown();
        }
    }
}
