package org.accountstream.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.accountstream.adapters.dynamodb.AccountAttributes;

/**
 * The default demo's seeded table, prebuilt: a DynamoDB Local database file that holds the
 * accounts table, created without a stream and seeded by the demo writer. It is made at build
 * time ({@link PrebuiltDemoTableBuilder}, run by {@code app/pom.xml}) and carried in the jar
 * under {@value #RESOURCES}, because seeding 10,000 accounts into a cold DynamoDB Local costs
 * about half of the embedded mode's 10 s start-up budget, and copying the file a few milliseconds.
 *
 * <p>A start whose table name, attribute names or account count differ from the prebuilt ones
 * ({@link #find} answers empty) seeds at run time instead.
 */
final class PrebuiltDemoTable implements EmbeddedDynamoDb.DatabaseFile {

    static final String RESOURCES = "demo-table";
    static final String DATABASE = "accounts.db";
    static final String DESCRIPTION = "demo-table.properties";

    /**
     * What a prebuilt table holds. {@code fingerprint} is the hash of the accounts seeded, so that
     * a build notices when the demo writer would now seed different ones.
     */
    record Description(String table, AccountAttributes attributes, int accounts, long writerSeed, int fingerprint) {

        static Description read(InputStream in) throws IOException {
            Properties properties = new Properties();
            properties.load(in);
            List<String> names = List.of(properties.getProperty("attributes").split(","));
            return new Description(
                    properties.getProperty("table"),
                    new AccountAttributes(names.get(0), names.get(1), names.get(2), names.get(3), names.get(4)),
                    Integer.parseInt(properties.getProperty("accounts")),
                    Long.parseLong(properties.getProperty("writer-seed")),
                    Integer.parseInt(properties.getProperty("fingerprint")));
        }

        void write(Path file) throws IOException {
            Properties properties = new Properties();
            properties.setProperty("table", table);
            properties.setProperty("attributes", String.join(",", attributes.served()));
            properties.setProperty("accounts", Integer.toString(accounts));
            properties.setProperty("writer-seed", Long.toString(writerSeed));
            properties.setProperty("fingerprint", Integer.toString(fingerprint));
            try (Writer out = Files.newBufferedWriter(file)) {
                properties.store(out, "the prebuilt demo table in " + DATABASE + "; see PrebuiltDemoTable");
            }
        }

        boolean holds(String table, AccountAttributes attributes, int accounts) {
            return this.table.equals(table) && this.attributes.equals(attributes) && this.accounts == accounts;
        }
    }

    private final Description description;

    private PrebuiltDemoTable(Description description) {
        this.description = description;
    }

    /** The prebuilt table in the jar, if there is one and it holds what this start asks for. */
    static Optional<PrebuiltDemoTable> find(String table, AccountAttributes attributes, int accounts) {
        try (InputStream in = resource(DESCRIPTION)) {
            return in == null ? Optional.empty()
                    : Optional.of(Description.read(in))
                            .filter(prebuilt -> prebuilt.holds(table, attributes, accounts))
                            .map(PrebuiltDemoTable::new);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the prebuilt demo table's description", e);
        }
    }

    /** The seed the table's accounts were written with: a demo writer with it can adopt them. */
    long writerSeed() {
        return description.writerSeed();
    }

    int accounts() {
        return description.accounts();
    }

    @Override
    public void copyTo(Path file) throws IOException {
        try (InputStream in = resource(DATABASE)) {
            if (in == null) {
                throw new IOException("the jar has no " + RESOURCES + "/" + DATABASE + " beside its description");
            }
            Files.copy(in, file);
        }
    }

    private static InputStream resource(String name) {
        return PrebuiltDemoTable.class.getResourceAsStream("/" + RESOURCES + "/" + name);
    }
}
