package org.accountstream.app;

import java.net.URI;
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
 * <p>DynamoDB Local's own server binds every interface and refuses port 0, so its request
 * handler is mounted on a Jetty server of ours bound to 127.0.0.1. The database is shared across
 * credentials and regions ("sharedDb"), so any client sees the same tables.
 */
final class EmbeddedDynamoDb implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedDynamoDb.class.getName());

    private final Server server;
    private final LocalDynamoDBServerHandler handler;
    private final DynamoDbClient tables;
    private final DynamoDbStreamsClient streams;

    private EmbeddedDynamoDb(Server server, LocalDynamoDBServerHandler handler, LocalDynamoDBRequestHandler requests) {
        this.server = server;
        this.handler = handler;
        this.tables = InProcessDynamoDb.tables(requests);
        this.streams = InProcessDynamoDb.streams(requests);
    }

    /** Starts on {@code 127.0.0.1:port}; port 0 picks a free one. */
    static EmbeddedDynamoDb start(int port) {
        long started = System.nanoTime();
        try {
            LocalDynamoDBRequestHandler requests = new LocalDynamoDBRequestHandler(0, true, null, true, false);
            LocalDynamoDBServerHandler handler = new LocalDynamoDBServerHandler(requests, "*");
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(port);
            server.addConnector(connector);
            server.setHandler(new DynamoDBProxyServer(0, handler).setUpHandler(handler));
            server.start();
            EmbeddedDynamoDb database = new EmbeddedDynamoDb(server, handler, requests);
            LOG.info(() -> "DynamoDB Local (in memory) listening on " + database.endpoint() + ", started in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
            return database;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start DynamoDB Local on 127.0.0.1:" + port + ": " + e.getMessage(), e);
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

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping DynamoDB Local", e);
        } finally {
            handler.close();
        }
    }
}
