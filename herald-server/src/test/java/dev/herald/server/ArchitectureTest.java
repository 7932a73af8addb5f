package dev.herald.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The core is plain Java: the edges (Vert.x, Netty, JDBC, YAML, CLI) never leak into it. */
class ArchitectureTest {
    private static final JavaClasses HERALD = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.herald");

    @Test
    void theCoreDependsOnNoServerStoreOrNetworkFramework() {
        noClasses().that().resideInAPackage("dev.herald.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..", "java.sql..",
                        "dev.herald.server..", "dev.herald.store..", "picocli..", "io.micrometer..")
                .check(HERALD);
    }

    @Test
    void storesDoNotKnowTheServer() {
        noClasses().that().resideInAPackage("dev.herald.store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.herald.server..", "io.vertx..")
                .check(HERALD);
    }

    @Test
    void theProtocolAndTheJavaClientNeedNothingButTheJdkAndJackson() {
        noClasses().that().resideInAnyPackage("dev.herald.protocol..", "dev.herald.client..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.herald.core..", "dev.herald.server..",
                        "dev.herald.store..", "io.vertx..", "io.netty..", "org.slf4j..", "picocli..")
                .check(HERALD);
    }

    @Test
    void httpAndWebSocketEdgesDoNotReachIntoTheCli() {
        noClasses().that().resideInAnyPackage("dev.herald.server.http..", "dev.herald.server.ws..")
                .should().dependOnClassesThat().resideInAPackage("dev.herald.server.cli..")
                .check(HERALD);
    }
}
