package dev.rgmanager.operator.reconciler.service;

import dev.rgmanager.api.v1alpha1.Condition;
import dev.rgmanager.operator.status.Conditions;
import java.util.ArrayList;
import java.util.List;

/**
 * The conditions part of a service's next status: the stored conditions, the updates of this
 * reconcile, and one setter per condition the reconciler writes (each written when it holds, or
 * when it held before, so that most services carry only those that concern them).
 */
abstract class ConditionsDraft {
  static final String READY = "Ready";
  static final String FROZEN = "Frozen";

  /** The condition that records the cluster's hold on a disabled service ({@code DisableHold}). */
  static final String HELD_DISABLED = "HeldDisabled";

  static final String WAITING_FOR_FENCING = "WaitingForFencing";
  static final String VALID = "Valid";
  static final String CANNOT_MOVE = "CannotMove";
  static final String MIGRATION_FAILED = "MigrationFailed";
  static final String TWO_PLACES = "RunningInTwoPlaces";

  protected final long generation;
  protected final List<Condition> previousConditions;
  protected final List<Condition> conditionUpdates = new ArrayList<>();

  ConditionsDraft(long generation, List<Condition> previousConditions) {
    this.generation = generation;
    this.previousConditions = previousConditions;
  }

  void condition(String type, boolean status, String reason, String text) {
    conditionUpdates.add(Conditions.of(type, status, reason, text, generation));
  }

  /** Whether the stored status already has this condition with this status and message. */
  boolean hadCondition(String type, boolean status, String text) {
    String want = status ? "True" : "False";
    return previousConditions.stream()
        .anyMatch(
            c -> type.equals(c.type()) && want.equals(c.status()) && text.equals(c.message()));
  }

  /** Whether the service waits for its old owner to be fenced, and why (null: it does not). */
  void waitingForFencing(String reason) {
    if (reason == null) {
      condition(WAITING_FOR_FENCING, false, "NotWaiting", "not waiting for fencing");
    } else {
      condition(WAITING_FOR_FENCING, true, "OwnerNotFenced", reason);
    }
  }

  /** Records the core's hold on a disabled service ({@code DisableHold}), with the reason. */
  void held(boolean held, String reason) {
    if (held) {
      condition(
          HELD_DISABLED,
          true,
          "DisabledByCluster",
          reason + "; kubectl cluster-status enable starts it again");
    } else {
      condition(HELD_DISABLED, false, "NotHeld", "not held disabled");
    }
  }

  /**
   * Whether the service stays on a member in standby because no other member can run it, and why
   * (null: it does not). Written only when it is so, or was: most services never carry it.
   */
  void cannotMove(String reason) {
    if (reason != null) {
      condition(CANNOT_MOVE, true, "NoOtherLegalMember", reason);
    } else if (hadCondition(CANNOT_MOVE)) {
      condition(CANNOT_MOVE, false, "NotStuck", "not kept on a member in standby");
    }
  }

  /** Whether the stored status has this condition True. */
  boolean hadCondition(String type) {
    return previousConditions.stream()
        .anyMatch(c -> type.equals(c.type()) && "True".equals(c.status()));
  }

  void frozen(boolean frozen) {
    if (frozen) {
      condition(FROZEN, true, "Frozen", "frozen: no status checks, no start, no stop, no failover");
    } else {
      condition(FROZEN, false, "NotFrozen", "not frozen");
    }
  }

  /** Whether the VM is seen running in two places, and where (null: it is not). */
  void runningInTwoPlaces(String reason) {
    if (reason != null) {
      condition(TWO_PLACES, true, "VmRunningTwice", reason);
    } else if (hadCondition(TWO_PLACES)) {
      condition(TWO_PLACES, false, "RunningOnce", "the VM is seen running in one place at most");
    }
  }
}
