package org.accountstream.app;

import io.helidon.logging.common.LogConfig;
import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Starts AccountStream: {@code java -jar accountstream.jar [key=value ...]} (see {@link AppConfig}).
 * A start that fails ends the process with one line saying why: exit status 2 for configuration
 * (arguments, keys, values), 1 for anything else, such as a port that cannot be bound.
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

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        AccountStreamApp app;
        try {
            app = AccountStreamApp.start(AppConfig.load(Arguments.overrides(args)));
        } catch (ConfigurationException e) {
            exit(2, "Configuration error: " + e.getMessage());
            return;
        } catch (PortUnavailableException e) {
            exit(1, e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "AccountStream could not start", e);
            exit(1, "AccountStream could not start: " + e);
            return;
        }
        ShutdownLogManager.runAtShutdown(() -> stop(app));
        String sources = app.describeSources().isEmpty() ? "" : "\n  " + app.describeSources();
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        LOG.info(() -> "AccountStream is up, " + uptime + " ms after the JVM started: gRPC on port " + app.grpcPort()
                + ", HTTP on port " + app.httpPort() + " (health /observe/health, metrics /observe/metrics)" + sources
                + "\n  try: node interop/node/stream-client.js --target 127.0.0.1:" + app.grpcPort());
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
    private static void exit(int status, String message) {
        LogManager.getLogManager().reset();
        System.err.println(message);
        System.exit(status);
    }
}
