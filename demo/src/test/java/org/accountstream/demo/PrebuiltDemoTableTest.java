package org.accountstream.demo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.accountstream.adapters.dynamodb.AccountAttributes;
import org.accountstream.demo.PrebuiltDemoTable.Description;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default demo table that the build makes (app/pom.xml runs the builder before the tests). */
class PrebuiltDemoTableTest {

    /** The modification time given to a copied table file, to tell whether the builder replaced it. */
    private static final FileTime COPIED = FileTime.fromMillis(0);

    @Test
    void theBuildMadeTheTableThatAStartWithNoConfigurationAsksFor() {
        assertThat(PrebuiltDemoTable.find("accounts", AccountAttributes.defaults(), 10_000))
                .hasValueSatisfying(table -> assertThat(table.accounts()).isEqualTo(10_000));
    }

    @Test
    void anyOtherTableIsSeededAtStartInstead() {
        AccountAttributes defaults = AccountAttributes.defaults();
        assertThat(PrebuiltDemoTable.find("accounts", defaults, 1_000)).isEmpty();
        assertThat(PrebuiltDemoTable.find("users", defaults, 10_000)).isEmpty();
        assertThat(PrebuiltDemoTable.find("accounts", new AccountAttributes("aci", "P", "C", "PNI", "UAK"), 10_000))
                .isEmpty();
    }

    @Test
    void theBuilderKeepsAnUpToDateTableAndRebuildsAStaleOne(@TempDir Path output) throws IOException {
        Description built = builtDescription();
        copyBuiltTableTo(output);

        PrebuiltDemoTableBuilder.main(new String[] {output.toString()});
        assertThat(Files.getLastModifiedTime(output.resolve(PrebuiltDemoTable.DATABASE))).isEqualTo(COPIED);

        // as if the demo writer or the item layout now wrote other items than those in the file
        new Description(built.table(), built.attributes(), built.accounts(), built.writerSeed(),
                built.fingerprint() + 1, built.dynamoDbLocal()).write(output.resolve(PrebuiltDemoTable.DESCRIPTION));
        PrebuiltDemoTableBuilder.main(new String[] {output.toString()});
        assertRebuilt(output, built);
    }

    @Test
    void theBuilderReplacesATableWhoseDescriptionIsMalformed(@TempDir Path output) throws IOException {
        Description built = builtDescription();
        copyBuiltTableTo(output);
        Files.writeString(output.resolve(PrebuiltDemoTable.DESCRIPTION), "table=accounts\nattributes.aci=U\n");

        PrebuiltDemoTableBuilder.main(new String[] {output.toString()});

        assertRebuilt(output, built);
    }

    @Test
    void aMalformedDescriptionIsAnIoException() {
        assertThatThrownBy(() -> Description.read(new ByteArrayInputStream("table=accounts\n".getBytes(UTF_8))))
                .isInstanceOf(IOException.class).hasMessageContaining("no attributes.aci");
        assertThatThrownBy(() -> Description.read(new ByteArrayInputStream("accounts=\\u12".getBytes(UTF_8))))
                .isInstanceOf(IOException.class);
    }

    private static void copyBuiltTableTo(Path output) throws IOException {
        Description built = builtDescription();
        PrebuiltDemoTable.find(built.table(), built.attributes(), built.accounts()).orElseThrow()
                .copyTo(output.resolve(PrebuiltDemoTable.DATABASE));
        built.write(output.resolve(PrebuiltDemoTable.DESCRIPTION));
        Files.setLastModifiedTime(output.resolve(PrebuiltDemoTable.DATABASE), COPIED);
    }

    private static void assertRebuilt(Path output, Description built) throws IOException {
        assertThat(Files.getLastModifiedTime(output.resolve(PrebuiltDemoTable.DATABASE))).isNotEqualTo(COPIED);
        try (InputStream in = Files.newInputStream(output.resolve(PrebuiltDemoTable.DESCRIPTION))) {
            assertThat(Description.read(in)).isEqualTo(built);
        }
    }

    private static Description builtDescription() throws IOException {
        try (InputStream in = PrebuiltDemoTable.class.getResourceAsStream(
                "/" + PrebuiltDemoTable.RESOURCES + "/" + PrebuiltDemoTable.DESCRIPTION)) {
            return Description.read(in);
        }
    }
}
