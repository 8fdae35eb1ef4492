package dev.rgmanager.operator.core;

import dev.rgmanager.operator.core.Decision.AwaitFencing;
import dev.rgmanager.operator.core.Decision.Keep;
import dev.rgmanager.operator.core.Decision.Mark;
import dev.rgmanager.operator.core.Decision.Refuse;
import dev.rgmanager.operator.core.Decision.Start;
import dev.rgmanager.operator.core.Decision.Stop;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The service state machine: given one service, the cluster and a trigger, what happens next. It
 * enforces the safety rules itself: nothing starts, stops or moves while inquorate (except the
 * no-quorum policy's stop); nothing starts on an ILLEGAL node; nothing starts elsewhere while the
 * old owner is offline and not fenced; nothing starts on one node while it may still run on another
 * that is neither fenced nor confirmed stopped (a live old owner is stopped first); frozen services
 * are left alone; failed services leave failed only through disable, which stops what may be left.
 * A service does not start before its dependency; a hard dependent ({@link Dependency}) is also
 * stopped, and kept from moving or restarting, while its dependency is not running. A VM found
 * running is tracked ({@link VmTracking}); a VM that is the whole service moves by migration.
 */
public final class ServiceEngine {
  private ServiceEngine() {}

  public static Decision decide(ServiceFacts s, ClusterView view, Trigger t, Instant now) {
    if (t.kind() == Trigger.Kind.OPERATION) {
      return Dependency.gate(OperationRules.decide(s, view, t), s, view, t.operation());
    }
    if (s.frozen()) {
      return new Keep("frozen: no status checks, start, stop or failover");
    }
    if (!view.quorate()) {
      return inquorate(s, view);
    }
    return switch (t.kind()) {
      case STATUS_CHECK_FAILED -> RecoveryRules.recover(s, view, now, t.detail());
      case START_FAILED -> RecoveryRules.startFailed(s, view, t);
      default -> evaluate(s, view);
    };
  }

  private static Decision inquorate(ServiceFacts s, ClusterView view) {
    if (view.noQuorumPolicy() == NoQuorumPolicy.STOP
        && s.state() == State.STARTED
        && view.online(s.owner())) {
      return new Stop(
          State.STOPPED,
          null,
          false,
          false,
          "quorum lost: the no-quorum policy stops running services");
    }
    return new Keep("inquorate: nothing is fenced, started or relocated");
  }

  private static Decision evaluate(ServiceFacts s, ClusterView view) {
    State st = s.state();
    if (st == State.STARTING || st == State.STOPPING || st == State.MIGRATING) {
      return new Keep("transition in progress");
    }
    if (st == State.FAILED) {
      return switch (s.wanted()) {
        case DISABLED -> disableFailed(s, view);
        case STOPPED ->
            new Refuse(
                Operation.STOP,
                "stop is not allowed while "
                    + s.id()
                    + " is failed; only disable is (check that nothing is left allocated first)");
        default ->
            new Keep(
                "failed: only disable is allowed (check that nothing is left allocated first)");
      };
    }
    boolean ownerLost =
        s.owner() != null
            && (st == State.STARTED || st == State.RECOVERING)
            && !view.online(s.owner());
    if (ownerLost && !view.fenced(s.owner())) {
      return new AwaitFencing(
          s.owner(),
          s.owner()
              + " is offline and not yet fenced: "
              + s.id()
              + " cannot start elsewhere until it is");
    }
    Decision tracked = VmTracking.decide(s, view);
    if (tracked != null) {
      return tracked;
    }
    // What may still run on a live owner is stopped there, whatever the state says of it.
    boolean onLiveOwner = s.occupiesOwner() && view.online(s.owner());
    switch (s.wanted()) {
      case DISABLED -> {
        if (onLiveOwner) {
          return new Stop(State.DISABLED, null, false, false, "disabled by the administrator");
        }
        if (st == State.DISABLED && s.heldDisabled()) {
          return new Keep("disabled by the cluster: it starts again only when enabled");
        }
        return st == State.DISABLED
            ? new Keep("disabled")
            : new Mark(State.DISABLED, "disabled by the administrator");
      }
      case STOPPED -> {
        if (onLiveOwner) {
          return new Stop(State.STOPPED, null, false, false, "stopped by the administrator");
        }
        return st == State.STOPPED
            ? new Keep("stopped")
            : new Mark(State.STOPPED, "stopped by the administrator");
      }
      default -> {}
    }
    if ((st == State.STARTED || st == State.RECOVERING) && Dependency.holdsDown(s, view)) {
      // Nothing runs on a lost, fenced owner: there is nothing to stop, only the state to say so.
      return onLiveOwner
          ? new Stop(State.STOPPED, null, false, false, Dependency.notRunning(s))
          : new Mark(State.STOPPED, Dependency.notRunning(s));
    }
    if (st == State.STARTED && !ownerLost) {
      return failback(s, view);
    }
    if (st == null && !s.autostart()) {
      return new Mark(State.DISABLED, "autostart is false: enable it to start it");
    }
    if (st == State.DISABLED && !s.autostart()) {
      return new Keep("disabled (autostart is false): enable it to start it");
    }
    return place(
        s,
        view,
        Set.of(),
        ownerLost ? "recovering from the loss of " + s.owner() : "starting",
        false);
  }

  /** Start on the best legal node, or settle in stopped with the reason none is legal. */
  static Decision place(
      ServiceFacts s, ClusterView view, Set<String> excluded, String why, boolean restart) {
    if (s.vm() && s.vmUnusable() != null) {
      return s.state() == State.STOPPED
          ? new Keep(s.vmUnusable())
          : new Mark(State.STOPPED, s.vmUnusable());
    }
    if (!Dependency.met(s, view)) {
      return s.state() == State.STOPPED || s.state() == null
          ? new Mark(State.STOPPED, "waiting for dependency " + s.depend() + " to be started")
          : new Keep("waiting for dependency " + s.depend() + " to be started");
    }
    Optional<String> target = Placement.bestTarget(s, view, excluded);
    if (target.isEmpty()) {
      String reason =
          s.domain() != null && s.domain().missing()
              ? s.domain().missingMessage()
              : s.domain() != null && s.domain().restricted()
                  ? "restricted domain " + s.domain().name() + " unavailable: no member can run it"
                  : "no legal node is online";
      reason += Placement.standbyNote(s, view);
      return s.state() == State.STOPPED ? new Keep(reason) : new Mark(State.STOPPED, reason);
    }
    return guardedStart(s, view, target.get(), restart, why + " on " + target.get());
  }

  /**
   * The last safety check before any start: while the service may still run on its previous owner
   * (it occupies it), that owner must be fenced, or be online so that it is stopped there first and
   * the stop confirmed; a start elsewhere never races a copy that may still run.
   */
  static Decision guardedStart(
      ServiceFacts s, ClusterView view, String node, boolean restart, String why) {
    String old = s.owner();
    if (old != null && !old.equals(node) && s.occupiesOwner() && !view.fenced(old)) {
      if (!view.online(old)) {
        return new AwaitFencing(old, old + " is offline and not yet fenced");
      }
      return new Stop(
          null,
          node,
          restart,
          false,
          why + " (stopping it on " + old + " first, where it may run)");
    }
    return new Start(node, restart, why);
  }

  /**
   * Disable from failed: what the failed stop may have left is stopped again on a live owner (a
   * failure leaves it failed), awaited on an owner that is offline and not fenced, and only then
   * marked disabled, so that a later enable cannot start a second copy.
   */
  private static Decision disableFailed(ServiceFacts s, ClusterView view) {
    String owner = s.owner();
    if (owner != null && !view.fenced(owner)) {
      if (view.online(owner)) {
        return new Stop(
            State.DISABLED,
            null,
            false,
            false,
            "disabled by the administrator after a failed stop: stopping what is left on " + owner);
      }
      return new AwaitFencing(
          owner,
          owner
              + " is offline and not yet fenced: "
              + s.id()
              + " is disabled once nothing of it can be left running there");
    }
    return new Mark(State.DISABLED, "disabled by the administrator after a failed stop");
  }

  /**
   * A planned move of a running service to {@code node}: a VM that is the whole service migrates
   * (seed: failback is performed using migration, to minimize downtime); anything else is stopped
   * and started there.
   */
  static Decision move(ServiceFacts s, String node, String why) {
    return s.migratable()
        ? new Decision.Migrate(node, why.replace("moving to", "migrating to"))
        : new Stop(null, node, false, false, why);
  }

  /**
   * Failback: when a node joins after the service last moved, move only if the node's score is
   * strictly higher than the owner's (a relocation by the administrator or by recovery stays).
   */
  private static Decision failback(ServiceFacts s, ClusterView view) {
    Score here = Placement.legalScore(s, s.owner(), view);
    Optional<String> better = Placement.bestTarget(s, view, Set.of(s.owner()));
    boolean joined = better.isPresent() && view.joinedAfter(better.get(), s.since());
    boolean standby = view.standby(s.owner());
    if (better.isPresent()
        && Placement.legalScore(s, better.get(), view).compareTo(here) > 0
        && (joined || !here.legal())) {
      String why =
          here.legal()
              ? "failback"
              : standby
                  ? s.owner() + " is in standby"
                  : s.owner() + " is no longer allowed by the domain";
      if (s.migratable() && better.get().equals(s.migrationFailedTo())) {
        // A failed migration is not tried again by itself: it would fail the same way, forever.
        return new Keep(
            why
                + ": the last migration to "
                + better.get()
                + " failed, so "
                + s.id()
                + " stays on "
                + s.owner()
                + " (migrate it to try again)");
      }
      return move(s, better.get(), why + ": moving to " + better.get());
    }
    if (standby && Placement.legalScore(s, s.owner(), view.withoutStandby(s.owner())).legal()) {
      // A standby asks for a move, never for an outage: with nowhere to go, it stays.
      return new Keep(
          s.owner()
              + " is in standby, but no other node can run "
              + s.id()
              + ": it stays on "
              + s.owner()
              + " until one can");
    }
    if (!here.legal()) {
      return new Stop(
          State.STOPPED,
          null,
          false,
          false,
          s.owner() + " is no longer allowed and no other node is");
    }
    return new Keep("started on " + s.owner());
  }
}
