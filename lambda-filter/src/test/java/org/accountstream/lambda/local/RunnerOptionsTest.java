package org.accountstream.lambda.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.accountstream.lambda.local.LocalEventSource.StartingPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerOptionsTest {

    @TempDir
    Path directory;

    @Test
    void theDefaults() {
        assertThat(RunnerOptions.parse(List.of("--table", "accounts", "--stream", "changes")))
                .isEqualTo(new RunnerOptions("accounts", "changes", null, StartingPosition.TRIM_HORIZON, 100, false));
    }

    @Test
    void everyOptionInEitherSpelling() {
        Path checkpoint = directory.resolve("checkpoint");

        assertThat(RunnerOptions.parse(List.of("--table=accounts", "--stream", "changes", "--checkpoint-file",
                checkpoint.toString(), "--starting-position=latest", "--batch-size", "1000", "--verbose")))
                .isEqualTo(new RunnerOptions("accounts", "changes", checkpoint, StartingPosition.LATEST, 1000, true));
    }

    @Test
    void mistakesAreNamed() {
        assertRefused("there is no directory " + directory.resolve("missing"),
                "--table", "t", "--stream", "s", "--checkpoint-file", directory.resolve("missing/checkpoint").toString());
        assertRefused("--checkpoint-file " + directory + " is a directory",
                "--table", "t", "--stream", "s", "--checkpoint-file", directory.toString());
        assertRefused("--table is required", "--stream", "s");
        assertRefused("--stream is required", "--table", "t");
        assertRefused("--stream needs a value", "--table", "t", "--stream");
        assertRefused("unknown argument --tabel", "--tabel", "t", "--stream", "s");
        assertRefused("--batch-size must be a number from 1 to 1000, not 1001",
                "--table", "t", "--stream", "s", "--batch-size", "1001");
        assertRefused("--batch-size must be a number from 1 to 1000, not ten",
                "--table", "t", "--stream", "s", "--batch-size", "ten");
        assertRefused("--starting-position must be trim-horizon or latest, not at-timestamp",
                "--table", "t", "--stream", "s", "--starting-position", "at-timestamp");
    }

    private static void assertRefused(String message, String... arguments) {
        assertThatThrownBy(() -> RunnerOptions.parse(List.of(arguments)))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(message);
    }
}
