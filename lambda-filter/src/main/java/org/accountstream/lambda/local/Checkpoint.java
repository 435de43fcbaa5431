package org.accountstream.lambda.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The local runner's checkpoint file: which stream it reads and how far each shard was handed to
 * the filter, one line each.
 * <pre>
 *   # lambda-filter local runner checkpoint
 *   stream arn:aws:dynamodb:ddblocal:000000000000:table/accounts/stream/2025-01-01T00:00:00.000
 *   shardId-00000001700000000000-00000001 ended
 *   shardId-00000001700014400000-00000002 after 000000000000000000042
 * </pre>
 * Written to a temporary file that then replaces it, so a stop at any moment leaves the old or
 * the new checkpoint, never half of one.
 */
record Checkpoint(String streamArn, Map<String, ShardPosition> positions) {

    private static final String HEADER = "# lambda-filter local runner checkpoint";

    Checkpoint {
        positions = Map.copyOf(positions);
    }

    /**
     * The checkpoint in {@code file}; empty when there is no such file.
     *
     * @throws UsageException when the file is not a checkpoint: the runner does not guess where to resume
     */
    static Optional<Checkpoint> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String streamArn = null;
        Map<String, ShardPosition> positions = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+");
            try {
                if (words.length == 2 && words[0].equals("stream") && streamArn == null) {
                    streamArn = words[1];
                } else if (words.length == 2 && words[1].equals("ended")) {
                    positions.put(words[0], ShardPosition.Ended.INSTANCE);
                } else if (words.length == 3 && words[1].equals("after")) {
                    positions.put(words[0], new ShardPosition.After(words[2]));
                } else {
                    throw new IllegalArgumentException("expected \"stream <arn>\" once, then \"<shard id> ended\""
                            + " or \"<shard id> after <sequence number>\"");
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException("checkpoint file " + file + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (streamArn == null) {
            throw new UsageException("checkpoint file " + file + " names no stream (a line \"stream <arn>\")");
        }
        return Optional.of(new Checkpoint(streamArn, positions));
    }

    void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        lines.add("stream " + streamArn);
        new TreeMap<>(positions).forEach((shard, position) -> lines.add(shard + " " + switch (position) {
            case ShardPosition.Ended ended -> "ended";
            case ShardPosition.After after -> "after " + after.sequenceNumber();
        }));
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temporary, lines, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
