package org.accountstream.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The hexagon as an executable picture (DESIGN §9):
 * <pre>
 *   app ── the only wiring: configuration, where the table lives, which feed is read, transports
 *    │
 *    ├─▶ demo ─────────────▶ adapters.memory, adapters.dynamodb   (DynamoDB Local only here)
 *    ├─▶ adapters.grpc, adapters.sse ──▶ wire (proto and JSON events, frames encoded and decoded)
 *    ├─▶ adapters.memory, adapters.dynamodb, adapters.kinesis ──▶ ports.out (driven)
 *    │                      └──────┬────────┘          ▲
 *    │                             ▼                   │
 *    │                 aws (what the AWS adapters share: backoff, iterator cache)
 *    └─▶ application (the engine) ─────────────────────┴─▶ ports.in (driving) ◀── adapters.grpc, .sse
 *                          │
 *                       domain (JDK only)
 *
 *   lambda (the filter Lambda, a jar of its own) ──▶ domain, adapters.kinesis' record format, logging
 * </pre>
 * Adapters never depend on each other, on the engine, on the demo or on the app: a transport
 * sees the driving ports only, a source the driven ones.
 */
class ArchitectureTest {

    private static final String DOMAIN = "org.accountstream.domain..";
    private static final String PORTS = "org.accountstream.ports..";
    private static final String APPLICATION = "org.accountstream.application..";
    private static final String ADAPTERS = "org.accountstream.adapters..";
    private static final String WIRE = "org.accountstream.wire..";
    private static final String DEMO = "org.accountstream.demo..";
    private static final String APP = "org.accountstream.app..";
    private static final String AWS_SUPPORT = "org.accountstream.aws..";

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // the other modules arrive as jars; their test-jars (contract suites) are not production
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("org.accountstream");

    /** java.* plus javax.crypto, which is java.base too (the token MAC). */
    private static final String[] JDK = {"java..", "javax.crypto.."};

    private static final String[] VENDORS = {"software.amazon..", "io.helidon..", "io.grpc..", "com.google.."};

    @Test
    void theDomainUsesOnlyTheJdk() {
        noClasses().that().resideInAPackage(DOMAIN)
                .should().dependOnClassesThat().resideOutsideOfPackages(concat(JDK, DOMAIN))
                .check(PRODUCTION);
    }

    @Test
    void thePortsUseOnlyTheDomain() {
        noClasses().that().resideInAPackage(PORTS)
                .should().dependOnClassesThat().resideOutsideOfPackages(concat(JDK, DOMAIN, PORTS))
                .check(PRODUCTION);
    }

    @Test
    void theEngineUsesOnlyThePortsAndTheDomain() {
        noClasses().that().resideInAPackage(APPLICATION)
                .should().dependOnClassesThat().resideOutsideOfPackages(concat(JDK, DOMAIN, PORTS, APPLICATION))
                .check(PRODUCTION);
    }

    @Test
    void theCoreNeverSeesVendorTypes() {
        noClasses().that().resideInAnyPackage(DOMAIN, PORTS, APPLICATION)
                .should().dependOnClassesThat().resideInAnyPackage(VENDORS)
                .check(PRODUCTION);
    }

    @Test
    void adaptersNeverDependOnEachOther() {
        slices().matching("org.accountstream.adapters.(*)..")
                .should().notDependOnEachOther()
                .check(PRODUCTION);
    }

    /** Transports and sources meet the engine only through the ports. */
    @Test
    void adaptersAndTheWireNeverReachTheEngineTheDemoOrTheApp() {
        noClasses().that().resideInAnyPackage(ADAPTERS, WIRE)
                .should().dependOnClassesThat().resideInAnyPackage(APPLICATION, DEMO, APP)
                .check(PRODUCTION);
    }

    /** What the AWS adapters share is vendor-free plumbing, for them alone. */
    @Test
    void awsSupportServesOnlyTheAwsAdapters() {
        noClasses().that().resideInAPackage(AWS_SUPPORT)
                .should().dependOnClassesThat().resideOutsideOfPackages(concat(JDK, DOMAIN, AWS_SUPPORT))
                .check(PRODUCTION);
        noClasses().that().resideOutsideOfPackages(AWS_SUPPORT, "org.accountstream.adapters.dynamodb..",
                        "org.accountstream.adapters.kinesis..")
                .should().dependOnClassesThat().resideInAPackage(AWS_SUPPORT)
                .check(PRODUCTION);
    }

    /**
     * The filter Lambda is deployed on its own: of this project it uses the domain (the change
     * derivation), the Kinesis record format and the shared log manager, nothing of the service.
     */
    @Test
    void theFilterLambdaUsesOnlyTheDomainAndTheRecordFormat() {
        DescribedPredicate<JavaClass> theServicesOwn = DescribedPredicate.describe(
                "classes of the service (other than the domain and the record format)",
                type -> type.getPackageName().startsWith("org.accountstream")
                        && !type.getPackageName().startsWith("org.accountstream.domain")
                        && !type.getPackageName().startsWith("org.accountstream.lambda")
                        && !type.getPackageName().startsWith("org.accountstream.logging")
                        && !type.getName().startsWith("org.accountstream.adapters.kinesis.AccountRecordFormat")
                        && !type.getName().equals("org.accountstream.adapters.kinesis.MalformedRecordException"));
        noClasses().that().resideInAPackage("org.accountstream.lambda..")
                .should().dependOnClassesThat(theServicesOwn)
                .check(PRODUCTION);
    }

    /** The demos are built of adapters; the engine runs them like any other table. */
    @Test
    void theDemoIsBuiltOfAdaptersNotOfTheEngine() {
        noClasses().that().resideInAPackage(DEMO)
                .should().dependOnClassesThat().resideInAnyPackage(APPLICATION, APP, WIRE)
                .check(PRODUCTION);
    }

    @Test
    void onlyTheAppWires() {
        noClasses().that().resideOutsideOfPackage(APP)
                .should().dependOnClassesThat().resideInAPackage(APP)
                .check(PRODUCTION);
    }

    /** The protocol stays on the transports' side: the wire, the gRPC and the SSE transports. */
    @Test
    void theWireIsTheTransportsAlone() {
        noClasses().that().resideOutsideOfPackages(WIRE, "org.accountstream.adapters.grpc..",
                        "org.accountstream.adapters.sse..")
                .should().dependOnClassesThat().resideInAnyPackage(WIRE)
                .check(PRODUCTION);
    }

    /** Protobuf's generated code stays in the wire and the gRPC transport. */
    @Test
    void protobufStaysInTheWireAndTheGrpcTransport() {
        noClasses().that().resideOutsideOfPackages(WIRE, "org.accountstream.adapters.grpc..")
                .should().dependOnClassesThat().resideInAnyPackage("com.google.protobuf..", "org.accountstream.wire.proto..")
                .check(PRODUCTION);
    }

    /**
     * DynamoDB Local (and the Jetty and sqlite it brings) stays behind the embedded demo's database
     * wiring, so the aws and memory modes never load it and a deployment may drop its jars.
     */
    @Test
    void onlyTheEmbeddedDatabaseWiringUsesDynamoDbLocal() {
        noClasses().that().haveNameNotMatching("org\\.accountstream\\.demo\\.(EmbeddedDynamoDb|InProcessDynamoDb)(\\$.*)?")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "software.amazon.dynamodb..", "org.eclipse.jetty..", "com.almworks.sqlite4java..")
                .check(PRODUCTION);
    }

    @Test
    void everyPartHasClassesToCheck() {
        // Guards the rules above against passing vacuously because nothing was imported.
        for (String part : new String[] {"domain", "ports", "application", "adapters.memory", "adapters.grpc",
                "adapters.sse", "adapters.dynamodb", "adapters.kinesis", "aws", "wire", "demo", "app", "lambda", "logging"}) {
            assertThat(PRODUCTION.stream().anyMatch(c -> c.getPackageName().startsWith("org.accountstream." + part)))
                    .as(part).isTrue();
        }
    }

    private static String[] concat(String[] first, String... more) {
        return Stream.concat(Arrays.stream(first), Arrays.stream(more)).toArray(String[]::new);
    }
}
