package org.accountstream.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler;

/**
 * DynamoDB Local for the embedded mode: one database that this application uses in process
 * ({@link #tables()}, {@link #streams()}: straight into the request handler) and that any AWS
 * client ({@code aws dynamodb ... --endpoint-url}) reaches over HTTP on a loopback port once
 * {@link #serveHttp} has been called.
 *
 * <p>The database lives in memory, or in a file: a copy of a prebuilt database
 * ({@link #fromCopy}) in a scratch directory that {@link #close()} deletes, or a directory the
 * caller owns ({@link #inDirectory}). DynamoDB Local syncs its file on every write, so scratch
 * directories go to tmpfs ({@code /dev/shm}) where there is one.
 *
 * <p>The HTTP endpoint starts on a thread of its own: the in-process clients work at once, while
 * Jetty and DynamoDB Local's HTTP layer load alongside (about a second of a cold start). Callers
 * that hand the endpoint out wait for it with {@link #endpoint()}.
 *
 * <p>DynamoDB Local's own server binds every interface and refuses port 0, so its request
 * handler is mounted on a Jetty server of ours bound to 127.0.0.1. The database is shared across
 * credentials and regions ("sharedDb"), so any client sees the same tables.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    /** The address its HTTP endpoint listens on: loopback only. */
    public static final String HOST = "127.0.0.1";

    /** The file that DynamoDB Local keeps a shared database in, inside its database directory. */
    static final String DATABASE_FILE = "shared-local-instance.db";

    /** Writes a database file: where a copied database comes from. */
    interface DatabaseFile {
        void copyTo(Path file) throws IOException;
    }

    private static final Logger LOG = Logger.getLogger(EmbeddedDynamoDb.class.getName());
    private static final long MIN_TMPFS_BYTES = 256L * 1024 * 1024;

    private final LocalDynamoDBRequestHandler requests;
    private final Path scratch; // null unless the database lives in a directory of its own to delete
    private final DynamoDbClient tables;
    private final DynamoDbStreamsClient streams;
    private volatile CompletableFuture<Server> http;

    private EmbeddedDynamoDb(LocalDynamoDBRequestHandler requests, Path scratch) {
        this.requests = requests;
        this.scratch = scratch;
        this.tables = InProcessDynamoDb.tables(requests);
        this.streams = InProcessDynamoDb.streams(requests);
    }

    /** An empty database in memory. */
    public static EmbeddedDynamoDb inMemory() {
        return new EmbeddedDynamoDb(new LocalDynamoDBRequestHandler(0, true, null, true, false), null);
    }

    /**
     * A database that starts as a copy of {@code database}, in a scratch directory deleted at
     * close, or when the process exits before anyone could close it (e.g. stopped during start-up).
     */
    static EmbeddedDynamoDb fromCopy(DatabaseFile database) throws IOException {
        Path directory = scratchDirectory("accountstream-dynamodb-");
        Path file = directory.resolve(DATABASE_FILE);
        directory.toFile().deleteOnExit(); // registered first, deleted last: after the file
        file.toFile().deleteOnExit();
        try {
            database.copyTo(file);
            return new EmbeddedDynamoDb(fileBacked(directory), directory);
        } catch (IOException | RuntimeException e) {
            try {
                deleteDirectory(directory);
            } catch (IOException notDeleted) {
                e.addSuppressed(notDeleted);
            }
            throw e;
        }
    }

    /** The database in {@code directory} (a new one if it has no {@link #DATABASE_FILE}), kept at close. */
    static EmbeddedDynamoDb inDirectory(Path directory) {
        return new EmbeddedDynamoDb(fileBacked(directory), null);
    }

    private static LocalDynamoDBRequestHandler fileBacked(Path directory) {
        return new LocalDynamoDBRequestHandler(0, false, directory.toString(), true, false);
    }

    /** A new directory for a database file, in {@link #scratchParent()}. */
    static Path scratchDirectory(String prefix) throws IOException {
        return Files.createTempDirectory(scratchParent(), prefix);
    }

    /**
     * Where scratch directories go: tmpfs where there is one with room for a demo's database and
     * its stream (a container's default {@code /dev/shm} is 64 MB), else the temporary directory.
     */
    static Path scratchParent() {
        Path tmpfs = Path.of("/dev/shm");
        return Files.isDirectory(tmpfs) && Files.isWritable(tmpfs) && usableBytes(tmpfs) >= MIN_TMPFS_BYTES
                ? tmpfs
                : Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static long usableBytes(Path directory) {
        try {
            return Files.getFileStore(directory).getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Which DynamoDB Local this is: the name of its jar (e.g. {@code DynamoDBLocal-3.3.1.jar}). A
     * database file is only known to open in the version that wrote it.
     */
    static String implementation() {
        String jar = LocalDynamoDBRequestHandler.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        return jar.substring(jar.lastIndexOf('/', jar.length() - 2) + 1);
    }

    /** Deletes a scratch directory and the database files in it. */
    static void deleteDirectory(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }

    /** Starts serving the database on {@code 127.0.0.1:port} (0 picks a free port), on a thread of its own. */
    void serveHttp(int port) {
        http = CompletableFuture.supplyAsync(() -> serveHttp(requests, port),
                task -> Thread.ofPlatform().name("dynamodb-local-http-start").start(task));
    }

    private static Server serveHttp(LocalDynamoDBRequestHandler requests, int port) {
        long started = System.nanoTime();
        try {
            LocalDynamoDBServerHandler handler = new LocalDynamoDBServerHandler(requests, "*");
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost(HOST);
            connector.setPort(port);
            server.addConnector(connector);
            server.setHandler(new DynamoDBProxyServer(0, handler).setUpHandler(handler));
            server.start();
            LOG.info(() -> "DynamoDB Local listening on http://" + HOST + ":" + connector.getLocalPort() + " (in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms)");
            return server;
        } catch (IOException e) { // Jetty's failure to bind
            throw new UncheckedIOException("cannot listen on " + HOST + ":" + port, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot serve DynamoDB Local on " + HOST + ":" + port + ": " + e.getMessage(),
                    e);
        }
    }

    /** A client of the database in this process, without HTTP. */
    public DynamoDbClient tables() {
        return tables;
    }

    /** A DynamoDB Streams client of the database in this process, without HTTP. */
    public DynamoDbStreamsClient streams() {
        return streams;
    }

    /**
     * The HTTP endpoint, once it listens.
     *
     * @throws UncheckedIOException when the port could not be bound
     * @throws IllegalStateException when it could not start for another reason
     */
    URI endpoint() {
        if (http == null) {
            throw new IllegalStateException("not served over HTTP");
        }
        try {
            int port = ((ServerConnector) http.join().getConnectors()[0]).getLocalPort();
            return URI.create("http://" + HOST + ":" + port);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failed ? failed : e;
        }
    }

    @Override
    public void close() {
        try {
            Server server = http == null ? null : http.exceptionally(failed -> null).join();
            if (server != null) {
                server.stop();
            }
        } catch (Exception e) {
            throw new IllegalStateException("stopping DynamoDB Local's HTTP endpoint", e);
        } finally {
            try {
                requests.shutdown();
            } finally {
                deleteScratch();
            }
        }
    }

    private void deleteScratch() {
        if (scratch == null) {
            return;
        }
        try {
            deleteDirectory(scratch);
        } catch (IOException e) {
            LOG.warning(() -> "could not delete the embedded database's directory " + scratch + ": " + e);
        }
    }
}
