package org.accountstream.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The hexagon as an executable picture (DESIGN §9):
 * <pre>
 *   domain  ◀──  ports  ◀──  adapters.*  ◀──  app
 *   (JDK)        (no vendor types)   (never each other)   (the only wiring)
 * </pre>
 */
class ArchitectureTest {

    private static final String DOMAIN = "org.accountstream.domain..";
    private static final String PORTS = "org.accountstream.ports..";
    private static final String ADAPTERS = "org.accountstream.adapters..";
    private static final String APP = "org.accountstream.app..";

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // the other modules arrive as jars; their test-jars (contract suites) are not production
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("org.accountstream");

    /** java.* plus javax.crypto, which is java.base too (the token MAC). */
    private static final String[] JDK = {"java..", "javax.crypto.."};

    @Test
    void domainUsesOnlyTheJdk() {
        noClasses().that().resideInAPackage(DOMAIN)
                .should().dependOnClassesThat().resideOutsideOfPackages(concat(JDK, DOMAIN))
                .check(PRODUCTION);
    }

    @Test
    void portsUseOnlyTheDomainAndTheJdk() {
        noClasses().that().resideInAPackage(PORTS)
                .should().dependOnClassesThat().resideOutsideOfPackages(concat(JDK, DOMAIN, PORTS))
                .check(PRODUCTION);
    }

    @Test
    void coreNeverSeesVendorTypes() {
        noClasses().that().resideInAnyPackage(DOMAIN, PORTS)
                .should().dependOnClassesThat().resideInAnyPackage(
                        "software.amazon..", "io.helidon..", "io.grpc..", "com.google..")
                .check(PRODUCTION);
    }

    @Test
    void adaptersNeverDependOnEachOther() {
        slices().matching("org.accountstream.adapters.(*)..")
                .should().notDependOnEachOther()
                .check(PRODUCTION);
    }

    @Test
    void onlyTheAppWires() {
        noClasses().that().resideInAnyPackage(DOMAIN, PORTS, ADAPTERS)
                .should().dependOnClassesThat().resideInAPackage(APP)
                .check(PRODUCTION);
    }

    /**
     * DynamoDB Local (and the Jetty and sqlite it brings) stays behind the embedded mode's database
     * wiring, so the aws and memory modes never load it and a deployment may drop its jars.
     */
    @Test
    void onlyTheEmbeddedDatabaseWiringUsesDynamoDbLocal() {
        noClasses().that().doNotBelongToAnyOf(EmbeddedDynamoDb.class, InProcessDynamoDb.class)
                .should().dependOnClassesThat().resideInAnyPackage(
                        "software.amazon.dynamodb..", "org.eclipse.jetty..", "com.almworks.sqlite4java..")
                .check(PRODUCTION);
    }

    @Test
    void everyLayerHasClassesToCheck() {
        // Guards the rules above against passing vacuously because nothing was imported.
        for (String layer : new String[] {"domain", "ports", "adapters.memory", "adapters.grpc", "adapters.dynamodb", "app"}) {
            assertThat(PRODUCTION.stream().anyMatch(c -> c.getPackageName().startsWith("org.accountstream." + layer)))
                    .as(layer).isTrue();
        }
    }

    private static String[] concat(String[] first, String... more) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(more))
                .toArray(String[]::new);
    }
}
