package dev.rgmanager.operator.core;

import java.time.Instant;
import java.util.List;

/**
 * Where a service stands, from its status: its state, its owner and last owner, the restarts in its
 * restart window, when it last changed state ({@code since}, null when unknown), whether the
 * cluster holds it disabled ({@link DisableHold}); and, for a service with a VM, its VM's own
 * standing ({@link VmStanding}).
 */
public record ServiceStanding(
    State state,
    String owner,
    String lastOwner,
    List<Instant> restarts,
    Instant since,
    boolean heldDisabled,
    VmStanding vm) {

  public ServiceStanding {
    restarts = restarts == null ? List.of() : List.copyOf(restarts);
    vm = vm == null ? VmStanding.NONE : vm;
  }

  /** A standing with nothing known of a VM. */
  public ServiceStanding(
      State state,
      String owner,
      String lastOwner,
      List<Instant> restarts,
      Instant since,
      boolean heldDisabled) {
    this(state, owner, lastOwner, restarts, since, heldDisabled, VmStanding.NONE);
  }

  /** A standing the cluster does not hold disabled. */
  public ServiceStanding(
      State state, String owner, String lastOwner, List<Instant> restarts, Instant since) {
    this(state, owner, lastOwner, restarts, since, false);
  }
}
