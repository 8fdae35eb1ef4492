package dev.rgmanager.operator.status;

import dev.rgmanager.api.v1alpha1.Condition;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds status conditions, keeping lastTransitionTime when a condition's status is unchanged. */
public final class Conditions {
  private Conditions() {}

  /** A condition without a transition time; {@link #merge} stamps it. */
  public static Condition of(
      String type, boolean status, String reason, String message, long generation) {
    return new Condition(type, status ? "True" : "False", reason, message, generation, null);
  }

  /** Replaces conditions of the same type, keeping the old transition time if status is equal. */
  public static List<Condition> merge(
      List<Condition> previous, List<Condition> updates, Clock clock) {
    Map<String, Condition> byType = new LinkedHashMap<>();
    previous.forEach(c -> byType.put(c.type(), c));
    String now = Instant.now(clock).toString();
    for (Condition update : updates) {
      Condition old = byType.get(update.type());
      String since =
          old != null && old.status().equals(update.status()) && old.lastTransitionTime() != null
              ? old.lastTransitionTime()
              : now;
      byType.put(
          update.type(),
          new Condition(
              update.type(),
              update.status(),
              update.reason(),
              update.message(),
              update.observedGeneration(),
              since));
    }
    return new ArrayList<>(byType.values());
  }
}
