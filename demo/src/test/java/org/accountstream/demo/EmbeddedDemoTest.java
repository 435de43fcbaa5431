package org.accountstream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.accountstream.adapters.dynamodb.AccountAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** The embedded demo: the default table is a copy of the one the build made, adopted by the writer. */
@Timeout(120)
class EmbeddedDemoTest {

    private static final EmbeddedDemo.Settings DEFAULTS =
            new EmbeddedDemo.Settings(EmbeddedDemo.Settings.DEFAULT_TABLE, AccountAttributes.defaults(), 0);

    @Test
    void theDefaultDemoStartsFromACopyOfThePrebuiltTableAndItsWriterAdoptsIt() throws Exception {
        List<Path> scratchBefore = EmbeddedDynamoDbTest.scratchDirectories();
        try (EmbeddedDemo demo = EmbeddedDemo.start(DEFAULTS,
                new DemoLoad(DemoLoad.DEFAULT_ACCOUNTS, 0.001, Duration.ofHours(1)))) {
            assertThat(EmbeddedDynamoDbTest.scratchDirectories()).as("the copy's directory")
                    .hasSize(scratchBefore.size() + 1);
            demo.writer().stop();
            for (int i = 0; i < 300; i++) {
                demo.writer().writeOnce(); // throws if it believes in an account the table lacks
            }
            int items = demo.tables().scanPaginator(scan -> scan.tableName(DEFAULTS.table()).select("COUNT"))
                    .stream().mapToInt(ScanResponse::count).sum();
            assertThat(items).isBetween(DemoLoad.DEFAULT_ACCOUNTS - 300, DemoLoad.DEFAULT_ACCOUNTS + 300);
            assertThat(demo.endpoint().toString()).startsWith("http://127.0.0.1:");
        }
        assertThat(EmbeddedDynamoDbTest.scratchDirectories()).as("deleted at close").isEqualTo(scratchBefore);
    }

    @Test
    void aPrebuiltTableThatCannotBeCopiedIsSeededInstead() {
        assertThat(EmbeddedDemo.openCopy(file -> {
            throw new IOException("no space left on device");
        })).isEmpty();
    }
}
