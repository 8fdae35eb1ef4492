package dev.rgmanager.operator.core;

import java.util.Set;

/**
 * What is known of a service's VM besides its state: the nodes it is seen running on now ({@code
 * seenOn}, observed, empty when none), and the node its last migration failed to reach ({@code
 * migrationFailedTo}, recorded; null when the last one did not fail), so that a failback by
 * migration that failed is not tried again and again.
 */
public record VmStanding(Set<String> seenOn, String migrationFailedTo) {
  public static final VmStanding NONE = new VmStanding(Set.of(), null);

  public VmStanding {
    seenOn = seenOn == null ? Set.of() : Set.copyOf(seenOn);
  }
}
