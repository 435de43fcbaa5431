package org.accountstream.lambda.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    private static final String ARN = "arn:aws:dynamodb:ddblocal:000000000000:table/accounts/stream/2025-01-01T00:00:00.000";

    @TempDir
    Path directory;

    @Test
    void whatIsWrittenReadsBackAsItWas() throws Exception {
        Path file = directory.resolve("checkpoint");
        Checkpoint checkpoint = new Checkpoint(ARN, Map.of(
                "shardId-1", ShardPosition.Ended.INSTANCE,
                "shardId-2", new ShardPosition.After("000000000000000000042")));

        checkpoint.write(file);

        assertThat(Checkpoint.read(file)).contains(checkpoint);
        assertThat(Files.readAllLines(file)).containsExactly(
                "# lambda-filter local runner checkpoint",
                "stream " + ARN,
                "shardId-1 ended",
                "shardId-2 after 000000000000000000042");
        assertThat(directory).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void noFileIsNoCheckpoint() throws Exception {
        assertThat(Checkpoint.read(directory.resolve("none"))).isEmpty();
    }

    @Test
    void aFileThatIsNotACheckpointIsRefusedNamingTheLine() throws Exception {
        Path file = directory.resolve("checkpoint");
        Files.writeString(file, "stream " + ARN + "\nshardId-1 after 12x\n");

        assertThatThrownBy(() -> Checkpoint.read(file))
                .isInstanceOf(UsageException.class)
                .hasMessage("checkpoint file " + file + " line 2: not a sequence number: 12x");

        Files.writeString(file, "shardId-1 ended\n");
        assertThatThrownBy(() -> Checkpoint.read(file))
                .isInstanceOf(UsageException.class)
                .hasMessage("checkpoint file " + file + " names no stream (a line \"stream <arn>\")");

        Files.writeString(file, "stream " + ARN + "\nshardId-1 done\n");
        assertThatThrownBy(() -> Checkpoint.read(file))
                .hasMessageEndingWith("line 2: expected \"stream <arn>\" once, then \"<shard id> ended\" or"
                        + " \"<shard id> after <sequence number>\"");
    }
}
