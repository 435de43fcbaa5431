package org.accountstream.lambda.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.accountstream.lambda.local.LocalEventSource.StartingPosition;

/** The arguments of {@code local}: what to read, where to write, how to start. */
record RunnerOptions(String table, String kinesisStream, Path checkpointFile, StartingPosition startingPosition,
                     int batchSize, boolean verbose) {

    /** GetRecords of DynamoDB Streams answers at most this many records. */
    static final int MAX_BATCH_SIZE = 1000;
    static final int DEFAULT_BATCH_SIZE = 100;

    static final String USAGE = """
            usage: java -jar lambda-filter.jar local --table <table> --stream <kinesis stream> [options]
              Feeds the filter from the DynamoDB stream of <table>, as Lambda's event source mapping does,
              and writes what consumers can see to the Kinesis stream <kinesis stream>.
              --checkpoint-file <file>    keep where each shard was read to in <file>, and resume from it
              --starting-position <p>     without a checkpoint: trim-horizon (default) or latest
              --batch-size <n>            records per batch, 1..1000 (default 100)
              --verbose                   log a line per batch
            Endpoints: AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_DYNAMODB_STREAMS, AWS_ENDPOINT_URL_KINESIS;
            region and credentials: the AWS SDK's defaults (AWS_REGION, AWS_ACCESS_KEY_ID, ...).""";

    private static final Set<String> FLAGS = Set.of("--verbose");
    private static final Set<String> OPTIONS =
            Set.of("--table", "--stream", "--checkpoint-file", "--starting-position", "--batch-size");

    /**
     * Reads {@code --name value}, {@code --name=value} and the flags.
     *
     * @throws UsageException naming the argument that is wrong or missing
     */
    static RunnerOptions parse(List<String> arguments) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            int equals = argument.indexOf('=');
            String name = equals < 0 ? argument : argument.substring(0, equals);
            if (FLAGS.contains(argument)) {
                values.put(argument, "true");
            } else if (!OPTIONS.contains(name)) {
                throw new UsageException("unknown argument " + argument);
            } else if (equals >= 0) {
                values.put(name, argument.substring(equals + 1));
            } else if (i + 1 < arguments.size()) {
                values.put(name, arguments.get(++i));
            } else {
                throw new UsageException(name + " needs a value");
            }
        }
        return new RunnerOptions(
                required(values, "--table"),
                required(values, "--stream"),
                checkpointFile(values.get("--checkpoint-file")),
                startingPosition(values.getOrDefault("--starting-position", "trim-horizon")),
                batchSize(values.get("--batch-size")),
                values.containsKey("--verbose"));
    }

    private static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new UsageException(name + " is required");
        }
        return value;
    }

    private static Path checkpointFile(String value) {
        if (value == null) {
            return null;
        }
        Path file = Path.of(value).toAbsolutePath();
        if (Files.isDirectory(file)) {
            throw new UsageException("--checkpoint-file " + value + " is a directory");
        }
        if (!Files.isDirectory(file.getParent())) {
            throw new UsageException("--checkpoint-file " + value + ": there is no directory " + file.getParent());
        }
        return file;
    }

    private static StartingPosition startingPosition(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "trim-horizon", "trim_horizon" -> StartingPosition.TRIM_HORIZON;
            case "latest" -> StartingPosition.LATEST;
            default -> throw new UsageException("--starting-position must be trim-horizon or latest, not " + value);
        };
    }

    private static int batchSize(String value) {
        if (value == null) {
            return DEFAULT_BATCH_SIZE;
        }
        try {
            int size = Integer.parseInt(value);
            if (size >= 1 && size <= MAX_BATCH_SIZE) {
                return size;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new UsageException("--batch-size must be a number from 1 to " + MAX_BATCH_SIZE + ", not " + value);
    }
}
