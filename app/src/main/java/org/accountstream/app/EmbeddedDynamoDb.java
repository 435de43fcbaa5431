package org.accountstream.app;

import java.net.URI;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler;

/**
 * DynamoDB Local (in memory) served over HTTP on a loopback port, for the embedded mode: this
 * application and any AWS client ({@code aws dynamodb ... --endpoint-url}) share one database.
 *
 * <p>DynamoDB Local's own server binds every interface and refuses port 0, so its request
 * handler is mounted on a Jetty server of ours bound to 127.0.0.1. The database is shared across
 * credentials and regions ("sharedDb"), so any client sees the same tables.
 */
final class EmbeddedDynamoDb implements AutoCloseable {

    private final Server server;
    private final LocalDynamoDBServerHandler handler;

    private EmbeddedDynamoDb(Server server, LocalDynamoDBServerHandler handler) {
        this.server = server;
        this.handler = handler;
    }

    /** Starts on {@code 127.0.0.1:port}; port 0 picks a free one. */
    static EmbeddedDynamoDb start(int port) {
        try {
            LocalDynamoDBServerHandler handler = new LocalDynamoDBServerHandler(
                    new LocalDynamoDBRequestHandler(0, true, null, true, false), "*");
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(port);
            server.addConnector(connector);
            server.setHandler(new DynamoDBProxyServer(0, handler).setUpHandler(handler));
            server.start();
            return new EmbeddedDynamoDb(server, handler);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start DynamoDB Local on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
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
