package dev.rgmanager.operator.core;

import java.util.Map;

/** A failover domain's rules: flags and member priorities (1 is most preferred). */
public record FailoverRules(
    String name,
    boolean ordered,
    boolean restricted,
    boolean nofailback,
    Map<String, Integer> priorities) {

  public FailoverRules {
    priorities = Map.copyOf(priorities);
  }

  public boolean isMember(String node) {
    return priorities.containsKey(node);
  }
}
