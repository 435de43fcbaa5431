package org.accountstream.app;

import io.helidon.logging.common.LogConfig;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.accountstream.demo.EmbeddedDemo;
import org.accountstream.logging.ShutdownLogManager;

/**
 * Starts AccountStream: {@code java -jar accountstream.jar [key=value ...]} (see {@link AppConfig}).
 * A start that fails ends the process with one line saying why: exit status 2 for configuration
 * (arguments, keys, values), 1 for anything else, such as a port that cannot be bound.
 *
 * <p>{@code java -jar accountstream.jar demo-table [key=value ...]} starts the embedded mode's
 * table alone instead: DynamoDB Local with the demo table, its DynamoDB stream and the demo writer,
 * no stream service. It is the table end of the local Kinesis chain
 * ({@code scripts/run-kinesis-chain.sh}), which other processes reach on
 * {@code 127.0.0.1:<accountstream.embedded.dynamodb-port>}.
 */
public final class Main {

    static {
        // Before anything uses java.util.logging (the logger below is the first use): see ShutdownLogManager.
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", ShutdownLogManager.class.getName());
        }
    }

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {
    }

    private static final String DEMO_TABLE = "demo-table";

    public static void main(String[] args) {
        markUnsafeWarningGiven();
        LogConfig.configureRuntime();
        if (args.length > 0 && args[0].equals(DEMO_TABLE)) {
            EmbeddedDemo demo = startOrExit("the demo table", () -> Sources.embeddedDemo(
                    AppSettings.from(AppConfig.load(Arguments.overrides(Arrays.copyOfRange(args, 1, args.length))))));
            ShutdownLogManager.runAtShutdown(() -> close(demo));
            LOG.info(() -> "the demo table is up: " + demo.describe());
            return;
        }
        AccountStreamApp app = startOrExit("AccountStream",
                () -> AccountStreamApp.start(AppConfig.load(Arguments.overrides(args))));
        ShutdownLogManager.runAtShutdown(() -> stop(app));
        String sources = app.describeSources().isEmpty() ? "" : "\n  " + app.describeSources();
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        LOG.info(() -> "AccountStream is up, " + uptime + " ms after the JVM started: " + describeTransports(app) + sources);
    }

    /** Where each transport listens, and a first command to try on each. */
    private static String describeTransports(AccountStreamApp app) {
        String scheme = app.httpUsesTls() ? "https" : "http";
        String http = (app.httpUsesTls() ? "HTTPS" : "HTTP") + " on port " + app.httpPort()
                + " (health /observe/health, metrics /observe/metrics"
                + (app.servesSse() ? ", SSE /v1/accounts/stream, live page /)" : ")");
        String grpc = app.grpcPort() < 0 ? ""
                : (app.grpcUsesTls() ? "gRPC (TLS)" : "gRPC") + " on port " + app.grpcPort() + ", ";
        return grpc + http
                + (app.grpcPort() < 0 ? "" : "\n  try: node interop/node/stream-client.js --target 127.0.0.1:"
                        + app.grpcPort() + (app.grpcUsesTls() ? " --ca-file <the certificate's CA, PEM>" : ""))
                + (app.servesSse() ? "\n  try: curl -N " + (app.httpUsesTls() ? "--cacert <the CA, PEM> " : "")
                        + scheme + "://127.0.0.1:" + app.httpPort() + "/v1/accounts/stream"
                        + "\n  try: open " + scheme + "://127.0.0.1:" + app.httpPort() + "/ in a browser" : "");
    }

    /** Starts {@code what}, or ends the process with one line saying why (see the class comment). */
    private static <T> T startOrExit(String what, Supplier<T> start) {
        try {
            return start.get();
        } catch (ConfigurationException e) {
            throw exit(2, "Configuration error: " + e.getMessage());
        } catch (PortUnavailableException e) {
            throw exit(1, e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, what + " could not start", e);
            throw exit(1, what + " could not start: " + e);
        }
    }

    /**
     * JDK 24+ prints a warning at the first call of a memory-access method of sun.misc.Unsafe
     * (JEP 498), and the Netty in grpc-netty-shaded, protobuf and Guava all call them. The JDK's
     * switch, {@code --sun-misc-unsafe-memory-access=allow}, cannot come from a jar; Netty's own
     * ({@code io.netty.noUnsafe}) also turns off its epoll transport, which cost snapshots over a
     * quarter of their throughput (README, "A quiet log"). So the warning is marked as given, as the JDK marks it after
     * printing it once; nothing else changes. A JDK without that mark (before 24) is left alone.
     */
    private static void markUnsafeWarningGiven() {
        try {
            Field warned = Class.forName("sun.misc.Unsafe").getDeclaredField("memoryAccessWarned");
            warned.setAccessible(true); // jdk.unsupported opens sun.misc to all
            warned.setBoolean(null, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // no such mark on this JDK: nothing to do
        }
    }

    private static void close(EmbeddedDemo demo) {
        try {
            demo.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Run when the JVM shuts down (SIGTERM, Ctrl-C). */
    private static void stop(AccountStreamApp app) {
        LOG.info("stopping AccountStream...");
        long started = System.nanoTime();
        try {
            app.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info(() -> "AccountStream stopped in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    /**
     * Ends a failed start with {@code message} as the last line printed. The sources start on a
     * thread of their own, alongside the gRPC server, and may still be logging: logging is closed
     * first, so nothing follows the message.
     */
    private static Error exit(int status, String message) {
        LogManager.getLogManager().reset();
        System.err.println(message);
        System.exit(status);
        return new AssertionError("the JVM is exiting"); // for the compiler: exit does not return
    }
}
