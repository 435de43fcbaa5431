package org.accountstream.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.accountstream.adapters.dynamodb.AccountAttributes;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** Where the embedded database keeps a copied database file, and that it leaves nothing behind. */
class EmbeddedDynamoDbTest {

    @Test
    void aCopiedDatabaseIsServedFromAScratchDirectoryDeletedAtClose() throws IOException {
        List<Path> before = scratchDirectories();
        PrebuiltDemoTable prebuilt = PrebuiltDemoTable.find("accounts", AccountAttributes.defaults(), 10_000)
                .orElseThrow();

        try (EmbeddedDynamoDb database = EmbeddedDynamoDb.fromCopy(prebuilt)) {
            List<Path> during = scratchDirectories();
            assertThat(during).hasSize(before.size() + 1);
            int items = database.tables().scanPaginator(scan -> scan.tableName("accounts").select("COUNT")).stream()
                    .mapToInt(ScanResponse::count)
                    .sum();
            assertThat(items).isEqualTo(10_000);
        }

        assertThat(scratchDirectories()).isEqualTo(before);
    }

    @Test
    void aCopyThatFailsLeavesNothingBehind() throws IOException {
        List<Path> before = scratchDirectories();

        assertThatThrownBy(() -> EmbeddedDynamoDb.fromCopy(file -> {
            Files.writeString(file, "the first bytes of a database");
            throw new IOException("no space left on device");
        })).isInstanceOf(IOException.class).hasMessage("no space left on device");

        assertThat(scratchDirectories()).isEqualTo(before);
    }

    static List<Path> scratchDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(EmbeddedDynamoDb.scratchParent())) {
            return entries.filter(entry -> entry.getFileName().toString().startsWith("accountstream-dynamodb-"))
                    .sorted()
                    .toList();
        }
    }
}
