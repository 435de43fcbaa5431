package org.accountstream.lambda;

import java.net.URI;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler;

/**
 * DynamoDB Local (in memory, streams included) served over HTTP on a free loopback port, for
 * clients in other processes. Its request handler is mounted on a Jetty server bound to
 * 127.0.0.1, as the demo's embedded mode does: DynamoDB Local's own server binds every interface.
 */
final class DynamoDbLocalOverHttp implements AutoCloseable {

    private final LocalDynamoDBRequestHandler requests = new LocalDynamoDBRequestHandler(0, true, null, true, false);
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    DynamoDbLocalOverHttp() throws Exception {
        LocalDynamoDBServerHandler handler = new LocalDynamoDBServerHandler(requests, "*");
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new DynamoDBProxyServer(0, handler).setUpHandler(handler));
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /** A client over HTTP: any credentials and region do (the database is shared). */
    DynamoDbClient client() {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping DynamoDB Local's HTTP endpoint", e);
        } finally {
            requests.shutdown();
        }
    }
}
