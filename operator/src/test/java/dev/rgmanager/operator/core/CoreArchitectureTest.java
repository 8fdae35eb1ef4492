package dev.rgmanager.operator.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The decision core stays pure: no Kubernetes client, no operator framework, no Quarkus. */
class CoreArchitectureTest {
  @Test
  void coreImportsNothingFromFabric8JosdkOrQuarkus() {
    var classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.rgmanager.operator.core");
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fabric8..",
            "io.javaoperatorsdk..",
            "io.quarkus..",
            "io.quarkiverse..",
            "jakarta..",
            "io.smallrye..",
            "io.micrometer..",
            "org.jboss..",
            "dev.rgmanager.operator.reconciler..",
            "dev.rgmanager.operator.resource..",
            "dev.rgmanager.api..")
        .because("the core takes facts and a clock and returns decisions; I/O stays outside")
        .check(classes);
  }
}
