package dev.rgmanager.operator.core;

import java.time.Instant;
import java.util.List;

/**
 * Where a service stands, from its status: its state, its owner and last owner, the restarts in its
 * restart window, and when it last changed state ({@code since}, null when unknown).
 */
public record ServiceStanding(
    State state, String owner, String lastOwner, List<Instant> restarts, Instant since) {

  public ServiceStanding {
    restarts = restarts == null ? List.of() : List.copyOf(restarts);
  }
}
