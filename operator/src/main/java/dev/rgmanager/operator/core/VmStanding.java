package dev.rgmanager.operator.core;

import java.util.Set;

/**
 * What is known of a service's VM besides its state: the nodes it is seen running on now ({@code
 * seenOn}, observed, empty when none); the node its last migration failed to reach ({@code
 * migrationFailedTo}, recorded; null when the last one did not fail), so that a failback by
 * migration that failed is not tried again and again; and why it cannot be started at all ({@code
 * unusable}: its VirtualMachine missing or left to start by itself, KubeVirt not served; null when
 * it can), so that it starts nowhere, as a service whose domain is missing.
 */
public record VmStanding(Set<String> seenOn, String migrationFailedTo, String unusable) {
  public static final VmStanding NONE = new VmStanding(Set.of(), null, null);

  /** A VM that can be started. */
  public VmStanding(Set<String> seenOn, String migrationFailedTo) {
    this(seenOn, migrationFailedTo, null);
  }

  public VmStanding {
    seenOn = seenOn == null ? Set.of() : Set.copyOf(seenOn);
  }
}
