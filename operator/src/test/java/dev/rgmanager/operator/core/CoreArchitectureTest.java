package dev.rgmanager.operator.core;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.rgmanager.operator.PureRules;
import org.junit.jupiter.api.Test;

/** The decision core stays pure: no Kubernetes client, no operator framework, no Quarkus. */
class CoreArchitectureTest {
  @Test
  void coreImportsNothingFromFabric8JosdkOrQuarkus() {
    var classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.rgmanager.operator.core");
    PureRules.pure(
            "the core takes facts and a clock and returns decisions; I/O stays outside",
            "dev.rgmanager.operator.resource..",
            "dev.rgmanager.operator.membership..",
            "dev.rgmanager.api..")
        .check(classes);
  }
}
