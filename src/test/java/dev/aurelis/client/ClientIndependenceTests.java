package dev.aurelis.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The client ships as its own jar (ADR 0058), so it may use the JDK and Jackson only, and the server must not lean
 * on it either: compiled in one build, nothing else keeps the two apart.
 */
class ClientIndependenceTests {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.aurelis");

    @Test
    void theClientUsesTheJdkAndJacksonOnly() {
        classes().that().resideInAPackage("dev.aurelis.client..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.aurelis.client..", "java..",
                        "tools.jackson..", "com.fasterxml.jackson.annotation..")
                .check(MAIN);
    }

    @Test
    void theServerDoesNotUseTheClient() {
        noClasses().that().resideOutsideOfPackage("dev.aurelis.client..")
                .should().dependOnClassesThat().resideInAPackage("dev.aurelis.client..")
                .check(MAIN);
    }
}
