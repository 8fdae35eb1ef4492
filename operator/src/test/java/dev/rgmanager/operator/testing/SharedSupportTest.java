package dev.rgmanager.operator.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The shared test support reaches e2e as the operator's test-jar without the operator's
 * dependencies (e2e excludes them all): it may use only the JDK, Fabric8 and the API types.
 */
class SharedSupportTest {
  private static final JavaClasses SUPPORT =
      new ClassFileImporter().importPackages("dev.rgmanager.operator.testing");

  @Test
  void usesNothingE2eDoesNotHave() {
    classes()
        .that(
            com.tngtech.archunit.base.DescribedPredicate.describe(
                "the shared support (not its tests)",
                (JavaClass c) -> !c.getSimpleName().endsWith("Test")))
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..", "io.fabric8..", "dev.rgmanager.api..", "dev.rgmanager.operator.testing..")
        .check(SUPPORT);
  }

  @Test
  void controlPlaneUsesOnlyTheJdk() {
    // bin/demo runs dev.rgmanager.e2e.Bmcs on e2e's classes and these, without Fabric8.
    classes()
        .that()
        .haveSimpleName("ControlPlane")
        .or()
        .haveSimpleName("RepoPaths")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "dev.rgmanager.operator.testing..")
        .check(SUPPORT);
  }
}
