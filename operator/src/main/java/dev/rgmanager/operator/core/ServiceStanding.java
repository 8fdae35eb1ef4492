package dev.rgmanager.operator.core;

import java.time.Instant;
import java.util.List;

/**
 * Where a service stands, from its status: its state, its owner and last owner, the restarts in its
 * restart window, when it last changed state ({@code since}, null when unknown), and whether the
 * cluster holds it disabled ({@link DisableHold}).
 */
public record ServiceStanding(
    State state,
    String owner,
    String lastOwner,
    List<Instant> restarts,
    Instant since,
    boolean heldDisabled) {

  public ServiceStanding {
    restarts = restarts == null ? List.of() : List.copyOf(restarts);
  }

  /** A standing the cluster does not hold disabled. */
  public ServiceStanding(
      State state, String owner, String lastOwner, List<Instant> restarts, Instant since) {
    this(state, owner, lastOwner, restarts, since, false);
  }
}
