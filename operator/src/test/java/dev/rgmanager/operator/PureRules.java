package dev.rgmanager.operator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What "pure" means for the operator's decision layers (core, membership, the tree plan): facts in,
 * decisions out. No Kubernetes client, no operator framework, no Quarkus or CDI, no logging or
 * metrics, no I/O, and no reading of the time: "now" is passed in, or a Clock.
 */
public final class PureRules {
  private PureRules() {}

  /** Frameworks and I/O a pure layer must not touch. */
  static final String[] FRAMEWORKS_AND_IO = {
    "io.fabric8..",
    "io.javaoperatorsdk..",
    "io.quarkus..",
    "io.quarkiverse..",
    "jakarta..",
    "javax..",
    "io.smallrye..",
    "io.micrometer..",
    "io.vertx..",
    "org.jboss..",
    "org.slf4j..",
    "java.io..",
    "java.nio.file..",
    "java.nio.channels..",
    "java.net..",
    "java.sql..",
    "java.util.logging..",
    "dev.rgmanager.fence..",
  };

  /** The operator's layers that do I/O, which a pure layer must not reach into. */
  static final String[] IMPURE_LAYERS = {
    "dev.rgmanager.operator.reconciler..",
    "dev.rgmanager.operator.fencing..",
    "dev.rgmanager.operator.events..",
    "dev.rgmanager.operator.metrics..",
  };

  /** Readers of the machine's clock, as "Owner.method" (a constructor is "Owner.<init>"). */
  static final Set<String> SYSTEM_TIME =
      Set.of(
          "java.time.Instant.now()",
          "java.lang.System.currentTimeMillis()",
          "java.time.Clock.systemUTC()",
          "java.time.Clock.systemDefaultZone()",
          "java.time.LocalDateTime.now()",
          "java.time.LocalDate.now()",
          "java.time.LocalTime.now()",
          "java.time.OffsetDateTime.now()",
          "java.time.ZonedDateTime.now()",
          "java.util.Date.<init>()");

  /** Beside the clock readers, what a pure layer must not do either: wait, or time itself. */
  static final Set<String> WAITING_AND_TIMING =
      Set.of("java.lang.System.nanoTime()", "java.lang.Thread.sleep(long)");

  /** The classes may use none of the frameworks, I/O or impure layers, nor read the time. */
  public static ArchRule pure(String because, String... alsoForbidden) {
    List<String> forbidden = new ArrayList<>(List.of(FRAMEWORKS_AND_IO));
    forbidden.addAll(List.of(IMPURE_LAYERS));
    forbidden.addAll(List.of(alsoForbidden));
    Set<String> calls = new java.util.HashSet<>(SYSTEM_TIME);
    calls.addAll(WAITING_AND_TIMING);
    return noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden.toArray(String[]::new))
        .orShould(callAnyOf(calls, Map.of()))
        .because(because);
  }

  /**
   * A condition failing on every call of (or method reference to) one of {@code targets}, except
   * from the code units named in {@code allowed} (full name, e.g. {@code a.B.c()}, to the reason).
   * An allowed code unit that no longer makes such a call fails too, so the list stays true.
   */
  public static ArchCondition<JavaClass> callAnyOf(
      Set<String> targets, Map<String, String> allowed) {
    return new ArchCondition<>("call any of " + new java.util.TreeSet<>(targets)) {
      private final Set<String> used = new java.util.HashSet<>();

      @Override
      public void check(JavaClass item, ConditionEvents events) {
        List<JavaAccess<?>> accesses = new ArrayList<>();
        accesses.addAll(item.getMethodCallsFromSelf());
        accesses.addAll(item.getConstructorCallsFromSelf());
        accesses.addAll(item.getMethodReferencesFromSelf());
        accesses.addAll(item.getConstructorReferencesFromSelf());
        for (JavaAccess<?> access : accesses) {
          if (!targets.contains(signature(access.getTarget()))) {
            continue;
          }
          String origin = access.getOrigin().getFullName();
          if (allowed.containsKey(origin)) {
            used.add(origin);
            continue;
          }
          events.add(SimpleConditionEvent.satisfied(access, access.getDescription()));
        }
      }

      @Override
      public void finish(ConditionEvents events) {
        for (String origin : allowed.keySet()) {
          if (!used.contains(origin)) {
            events.add(
                SimpleConditionEvent.satisfied(
                    origin,
                    origin
                        + " is allowed to read the system time but no longer does:"
                        + " remove it from the exceptions"));
          }
        }
      }
    };
  }

  private static String signature(AccessTarget target) {
    String params =
        target instanceof AccessTarget.CodeUnitAccessTarget c
            ? String.join(",", c.getRawParameterTypes().stream().map(JavaClass::getName).toList())
            : "";
    return target.getOwner().getName() + "." + target.getName() + "(" + params + ")";
  }
}
