package org.accountstream.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Logger;
import org.accountstream.adapters.dynamodb.AccountAttributes;

/**
 * The default demo's seeded table, prebuilt: a DynamoDB Local database file that holds the
 * accounts table, created without a stream and seeded by the demo writer. It is made at build
 * time ({@link PrebuiltDemoTableBuilder}, run by {@code demo/pom.xml}) and carried in the jar
 * under {@value #RESOURCES}, because seeding 10,000 accounts into a cold DynamoDB Local costs
 * about half of the embedded mode's 10 s start-up budget, and copying the file a few milliseconds.
 *
 * <p>A start whose table name, attribute names or account count differ from the prebuilt ones,
 * or that runs another DynamoDB Local than the one that wrote the file, finds none here
 * ({@link #find} answers empty) and seeds at run time instead.
 */
final class PrebuiltDemoTable implements EmbeddedDynamoDb.DatabaseFile {

    static final String RESOURCES = "demo-table";
    static final String DATABASE = "accounts.db";
    static final String DESCRIPTION = "demo-table.properties";

    private static final Logger LOG = Logger.getLogger(PrebuiltDemoTable.class.getName());

    /**
     * What a prebuilt table holds, and what wrote it. {@code fingerprint} is the hash of the items
     * seeded, so that a build notices when the demo writer or the item layout would now write
     * other ones; {@code dynamoDbLocal} names the DynamoDB Local that wrote the file.
     */
    record Description(String table, AccountAttributes attributes, int accounts, long writerSeed, int fingerprint,
                       String dynamoDbLocal) {

        /** @throws IOException also when the description is incomplete or malformed */
        static Description read(InputStream in) throws IOException {
            Properties properties = new Properties();
            try {
                properties.load(in);
                return new Description(
                        required(properties, "table"),
                        new AccountAttributes(
                                required(properties, "attributes.aci"),
                                required(properties, "attributes.e164"),
                                required(properties, "attributes.discoverable"),
                                required(properties, "attributes.pni"),
                                required(properties, "attributes.uak")),
                        Integer.parseInt(required(properties, "accounts")),
                        Long.parseLong(required(properties, "writer-seed")),
                        Integer.parseInt(required(properties, "fingerprint")),
                        required(properties, "dynamodb-local"));
            } catch (IllegalArgumentException e) {
                throw new IOException("malformed description of a prebuilt demo table: " + e.getMessage(), e);
            }
        }

        private static String required(Properties properties, String key) {
            String value = properties.getProperty(key);
            if (value == null) {
                throw new IllegalArgumentException("no " + key);
            }
            return value;
        }

        void write(Path file) throws IOException {
            Properties properties = new Properties();
            properties.setProperty("table", table);
            properties.setProperty("attributes.aci", attributes.aci());
            properties.setProperty("attributes.e164", attributes.e164());
            properties.setProperty("attributes.discoverable", attributes.discoverable());
            properties.setProperty("attributes.pni", attributes.pni());
            properties.setProperty("attributes.uak", attributes.uak());
            properties.setProperty("accounts", Integer.toString(accounts));
            properties.setProperty("writer-seed", Long.toString(writerSeed));
            properties.setProperty("fingerprint", Integer.toString(fingerprint));
            properties.setProperty("dynamodb-local", dynamoDbLocal);
            try (Writer out = Files.newBufferedWriter(file)) {
                properties.store(out, "the prebuilt demo table in " + DATABASE + "; see PrebuiltDemoTable");
            }
        }

        boolean serves(String table, AccountAttributes attributes, int accounts) {
            return this.table.equals(table) && this.attributes.equals(attributes) && this.accounts == accounts
                    && dynamoDbLocal.equals(EmbeddedDynamoDb.implementation());
        }
    }

    private final Description description;

    private PrebuiltDemoTable(Description description) {
        this.description = description;
    }

    /** The prebuilt table in the jar, if there is one and it is the one this start asks for. */
    static Optional<PrebuiltDemoTable> find(String table, AccountAttributes attributes, int accounts) {
        try (InputStream in = resource(DESCRIPTION)) {
            return in == null ? Optional.empty()
                    : Optional.of(Description.read(in))
                            .filter(prebuilt -> prebuilt.serves(table, attributes, accounts))
                            .map(PrebuiltDemoTable::new);
        } catch (IOException e) {
            LOG.warning(() -> "cannot read the prebuilt demo table's description, seeding instead: " + e.getMessage());
            return Optional.empty();
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
