package dev.rgmanager.operator.core;

import java.time.Instant;
import java.util.List;

/**
 * Where a service stands, from its status: its state, its owner and last owner, the restarts in its
 * restart window, when it last changed state ({@code since}, null when unknown), whether the
 * cluster holds it disabled ({@link DisableHold}); for a service with a VM, its VM's own standing
 * ({@link VmStanding}); and {@code heading}, the node a recorded move takes it to while it still
 * stands on its owner (a relocation stopping there first, a migration), else null: that node is
 * taken as much as the owner is, so that no other service decides as if it were free.
 */
public record ServiceStanding(
    State state,
    String owner,
    String lastOwner,
    List<Instant> restarts,
    Instant since,
    boolean heldDisabled,
    VmStanding vm,
    String heading) {

  public ServiceStanding {
    restarts = restarts == null ? List.of() : List.copyOf(restarts);
    vm = vm == null ? VmStanding.NONE : vm;
  }

  /** A standing with no move recorded. */
  public ServiceStanding(
      State state,
      String owner,
      String lastOwner,
      List<Instant> restarts,
      Instant since,
      boolean heldDisabled,
      VmStanding vm) {
    this(state, owner, lastOwner, restarts, since, heldDisabled, vm, null);
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
