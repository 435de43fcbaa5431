package org.accountstream.lambda.local;

import java.time.Duration;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.accountstream.lambda.AwsClients;
import org.accountstream.lambda.ChangeFilter;
import org.accountstream.lambda.FilterSettings;
import org.accountstream.logging.ShutdownLogManager;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * {@code java -jar lambda-filter.jar local ...}: the filter fed by a {@link LocalEventSource}
 * until SIGTERM or Ctrl-C, for running the whole chain (table, stream, filter, Kinesis) on one
 * machine. Arguments: {@link RunnerOptions#USAGE}. A start that cannot work ends at once with one
 * line saying why: exit status 2 for arguments and what they name, 1 for anything else.
 */
public final class LocalRunner {

    private static final Logger LOG = Logger.getLogger(LocalRunner.class.getName());
    /** How long a shard that answered nothing waits before it is read again (Lambda: four reads a second). */
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(25);

    private LocalRunner() {
    }

    public static void run(List<String> arguments) {
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.println(RunnerOptions.USAGE);
            return;
        }
        RunnerOptions options;
        try {
            options = RunnerOptions.parse(arguments);
        } catch (UsageException e) {
            exit(2, e.getMessage() + "\n" + RunnerOptions.USAGE);
            return;
        }
        if (options.verbose()) {
            logBatches();
        }
        LocalEventSource source;
        try {
            source = open(options);
        } catch (UsageException | IllegalArgumentException e) { // what the arguments or the environment name
            exit(2, e.getMessage());
            return;
        } catch (SdkException e) {
            exit(1, "cannot start: " + e.getMessage());
            return;
        }
        ShutdownLogManager.runAtShutdown(() -> {
            LOG.info("stopping...");
            source.stop();
            try {
                source.awaitStopped(STOP_LIMIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            source.run();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "the runner failed", e);
            exit(1, "the runner failed: " + e);
        }
    }

    private static LocalEventSource open(RunnerOptions options) {
        try {
            new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkException e) {
            throw new UsageException("no AWS region: set AWS_REGION (any region for local stand-ins, e.g. us-east-1)");
        }
        FilterSettings settings = new FilterSettings(options.kinesisStream(), FilterSettings.attributesFrom(System.getenv()));
        KinesisClient kinesis = AwsClients.kinesis();
        try {
            kinesis.describeStreamSummary(request -> request.streamName(options.kinesisStream()));
        } catch (ResourceNotFoundException e) {
            throw new UsageException("there is no Kinesis stream " + options.kinesisStream());
        }
        StreamShards stream = StreamShards.ofTable(AwsClients.dynamoDb(), AwsClients.dynamoDbStreams(), options.table());
        LocalEventSource source = LocalEventSource.open(stream, ChangeFilter.create(settings, kinesis),
                options.batchSize(), POLL_INTERVAL, options.checkpointFile(), options.startingPosition());
        LOG.info(() -> "feeding the filter from the stream of table " + options.table() + " to Kinesis stream "
                + options.kinesisStream() + " in batches of up to " + options.batchSize()
                + "; stop with Ctrl-C or SIGTERM");
        return source;
    }

    /** {@code --verbose}: the line per batch (FINE) of this jar's classes, not the SDK's debug output. */
    private static void logBatches() {
        Logger.getLogger("org.accountstream.lambda").setLevel(Level.FINE);
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            if (handler instanceof ConsoleHandler) {
                handler.setLevel(Level.FINE);
            }
        }
    }

    /** Ends a start that failed with {@code message} as the last line printed. */
    private static void exit(int status, String message) {
        LogManager.getLogManager().reset();
        System.err.println(message);
        System.exit(status);
    }
}
