package org.accountstream.demo;

import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.accountstream.adapters.dynamodb.AccountAttributes;
import org.accountstream.adapters.dynamodb.DynamoDbAccountTable;
import org.accountstream.demo.PrebuiltDemoTable.Description;
import org.accountstream.domain.Account;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Builds the {@link PrebuiltDemoTable} that {@code java -jar} with no configuration asks for (the
 * default table, attributes and account count, which the application's configuration defaults
 * to) into the directory given as the only argument. {@code demo/pom.xml} runs it right after
 * compiling, so both the tests and the jar carry the table. A directory that already holds the same table (the same description,
 * fingerprint and DynamoDB Local included) is left as it is; anything else there is replaced.
 */
final class PrebuiltDemoTableBuilder {

    /** Any fixed seed: the table is the same at every start, and the demo writer adopts it. */
    private static final long WRITER_SEED = 20_261_123L;

    private PrebuiltDemoTableBuilder() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: PrebuiltDemoTableBuilder <output directory>");
        }
        Path output = Path.of(args[0]);
        int accounts = DemoLoad.DEFAULT_ACCOUNTS;
        AccountAttributes attributes = AccountAttributes.defaults();
        Description wanted = new Description(EmbeddedDemo.Settings.DEFAULT_TABLE, attributes, accounts, WRITER_SEED,
                fingerprint(accounts, attributes), EmbeddedDynamoDb.implementation());
        if (existing(output).equals(Optional.of(wanted))) {
            System.out.println("prebuilt demo table in " + output + " is up to date");
            return;
        }
        long started = System.nanoTime();
        build(wanted, output);
        System.out.printf("built the prebuilt demo table (%,d accounts) in %s in %,d ms%n",
                accounts, output, (System.nanoTime() - started) / 1_000_000);
    }

    /** The description of the table in {@code output}; empty if there is none or it is unreadable. */
    private static Optional<Description> existing(Path output) {
        if (!Files.exists(output.resolve(PrebuiltDemoTable.DATABASE))) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(output.resolve(PrebuiltDemoTable.DESCRIPTION))) {
            return Optional.of(Description.read(in));
        } catch (IOException missingOrMalformed) {
            return Optional.empty();
        }
    }

    /** Seeds the table in a scratch database (tmpfs: DynamoDB Local syncs every write), then keeps its file. */
    private static void build(Description table, Path output) throws IOException {
        Path scratch = EmbeddedDynamoDb.scratchDirectory("accountstream-demo-table-");
        try {
            try (EmbeddedDynamoDb database = EmbeddedDynamoDb.inDirectory(scratch)) {
                EmbeddedDemo.createAndSeed(
                        new DynamoDbAccountTable(database.tables(), table.table(), table.attributes()),
                        table.accounts(), table.writerSeed());
            }
            Files.createDirectories(output);
            Files.deleteIfExists(output.resolve(PrebuiltDemoTable.DESCRIPTION)); // describes the file replaced next
            Files.copy(scratch.resolve(EmbeddedDynamoDb.DATABASE_FILE), output.resolve(PrebuiltDemoTable.DATABASE),
                    REPLACE_EXISTING);
            table.write(output.resolve(PrebuiltDemoTable.DESCRIPTION));
        } finally {
            EmbeddedDynamoDb.deleteDirectory(scratch);
        }
    }

    /**
     * The hash of the items seeded (the demo writer's accounts in the table's item layout), found
     * by seeding a table that only records them.
     */
    private static int fingerprint(int accounts, AccountAttributes attributes) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(accounts);
        new DemoWriter(new DemoWriter.Table() {
            @Override
            public void put(Account account) {
                items.add(attributes.encode(account));
            }

            @Override
            public void delete(UUID aci) {
                throw new UnsupportedOperationException("seeding deletes nothing");
            }

            @Override
            public Optional<Account> get(UUID aci) {
                throw new UnsupportedOperationException("seeding reads nothing");
            }
        }, WRITER_SEED).seed(accounts);
        return items.hashCode();
    }
}
