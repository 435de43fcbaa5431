package org.accountstream.app;

import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import java.lang.management.ManagementFactory;
import java.util.logging.Logger;

/** Starts AccountStream with {@code application.yaml}, system properties and environment. */
public final class Main {

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        AccountStreamApp app;
        try {
            app = AccountStreamApp.start(Config.create());
        } catch (ConfigurationException e) {
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                app.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown"));
        String sources = app.describeSources().isEmpty() ? "" : "\n  " + app.describeSources();
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        LOG.info(() -> "AccountStream is up, " + uptime + " ms after the JVM started: gRPC on port " + app.grpcPort()
                + ", HTTP on port " + app.httpPort() + " (health /observe/health, metrics /observe/metrics)" + sources
                + "\n  try: node interop/node/stream-client.js --target 127.0.0.1:" + app.grpcPort());
    }
}
