package dev.rgmanager.operator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.rgmanager.operator.resource.ResourceHealth;
import dev.rgmanager.operator.resource.ResourceTree;
import dev.rgmanager.operator.resource.TreeEntry;
import dev.rgmanager.operator.resource.TreePlan;
import dev.rgmanager.operator.resource.TreeStep;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The pure layers beside the core stay pure (membership, the tree plan), and only the Clock
 * producer reads the machine's clock: everything else takes the injected Clock, so tests and the
 * simulator control time.
 */
class OperatorArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.rgmanager.operator");

  /** The tree plan and everything it uses. */
  private static final Set<String> TREE_PLAN =
      Set.of(
          TreePlan.class.getName(),
          TreeStep.class.getName(),
          TreeStep.Kind.class.getName(),
          TreeEntry.class.getName(),
          ResourceTree.class.getName(),
          ResourceHealth.class.getName());

  private static final DescribedPredicate<JavaClass> IN_TREE_PLAN =
      DescribedPredicate.describe(
          "the tree plan", c -> TREE_PLAN.contains(c.getBaseComponentType().getName()));

  /** Code units that may read the system clock, and why. */
  static final Map<String, String> READ_THE_SYSTEM_CLOCK =
      Map.of(
          OperatorClock.class.getName() + ".clock()",
          "the producer of the one Clock everything else is given");

  @Test
  void membershipIsPure() {
    PureRules.pure(
            "membership takes observations and a time, and returns members and quorum",
            "dev.rgmanager.operator.resource..")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.rgmanager.operator.membership"));
  }

  @Test
  void theTreePlanIsPure() {
    noClasses()
        .that(IN_TREE_PLAN)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(PureRules.FRAMEWORKS_AND_IO)
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage(PureRules.IMPURE_LAYERS)
        .orShould(
            PureRules.callAnyOf(
                union(PureRules.SYSTEM_TIME, PureRules.WAITING_AND_TIMING), Map.of()))
        .because("the plan decides the next step from observed health; the actuators do the I/O")
        .check(MAIN);
  }

  @Test
  void theTreePlanUsesNothingOfTheOperatorButItself() {
    classes()
        .that(IN_TREE_PLAN)
        .should()
        .onlyDependOnClassesThat(
            IN_TREE_PLAN.or(
                DescribedPredicate.describe(
                    "outside the operator",
                    c -> !c.getPackageName().startsWith("dev.rgmanager.operator"))))
        .because(
            "what the plan uses is pure too: a new class it needs joins TREE_PLAN, and so the"
                + " rule above")
        .check(MAIN);
  }

  @Test
  void onlyTheClockProducerReadsTheSystemClock() {
    noClasses()
        .should(PureRules.callAnyOf(PureRules.SYSTEM_TIME, READ_THE_SYSTEM_CLOCK))
        .because(
            "time-dependent code takes the injected Clock, so tests and the simulator control"
                + " time")
        .check(MAIN);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    var all = new java.util.HashSet<>(a);
    all.addAll(b);
    return all;
  }
}
