package dev.rgmanager.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private final Clock t1 = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
  private final Clock t2 = Clock.fixed(Instant.parse("2026-11-23T10:05:00Z"), ZoneOffset.UTC);

  @Test
  void unchangedStatusKeepsItsTransitionTime() {
    List<Condition> first =
        Conditions.merge(List.of(), List.of(Conditions.of("Ready", true, "A", "a", 1)), t1);
    List<Condition> second =
        Conditions.merge(first, List.of(Conditions.of("Ready", true, "B", "b", 2)), t2);
    assertThat(second)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.lastTransitionTime()).isEqualTo("2026-11-23T10:00:00Z");
              assertThat(c.reason()).isEqualTo("B");
              assertThat(c.observedGeneration()).isEqualTo(2L);
            });
  }

  @Test
  void changedStatusGetsANewTransitionTime() {
    List<Condition> first =
        Conditions.merge(List.of(), List.of(Conditions.of("Ready", true, "A", "a", 1)), t1);
    List<Condition> second =
        Conditions.merge(first, List.of(Conditions.of("Ready", false, "B", "b", 1)), t2);
    assertThat(second.get(0).lastTransitionTime()).isEqualTo("2026-11-23T10:05:00Z");
    assertThat(second.get(0).status()).isEqualTo("False");
  }
}
