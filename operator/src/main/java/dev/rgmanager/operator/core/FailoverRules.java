package dev.rgmanager.operator.core;

import java.util.Map;

/**
 * A failover domain's rules: flags and member priorities (1 is most preferred). A domain a service
 * names that does not exist is {@code missing}: restricted to no node, so the service starts
 * nowhere, and an operation that would start it is refused saying so.
 */
public record FailoverRules(
    String name,
    boolean ordered,
    boolean restricted,
    boolean nofailback,
    Map<String, Integer> priorities,
    boolean missing) {

  public FailoverRules {
    priorities = Map.copyOf(priorities);
  }

  public FailoverRules(
      String name,
      boolean ordered,
      boolean restricted,
      boolean nofailback,
      Map<String, Integer> priorities) {
    this(name, ordered, restricted, nofailback, priorities, false);
  }

  /** The rules of a domain that does not exist: no node may run the service. */
  public static FailoverRules missing(String name) {
    return new FailoverRules(name, false, true, false, Map.of(), true);
  }

  /** What a service whose domain is missing says, and how to fix it. */
  public String missingMessage() {
    return "failover domain " + name + " does not exist: create it or fix spec.domain";
  }

  public boolean isMember(String node) {
    return priorities.containsKey(node);
  }
}
