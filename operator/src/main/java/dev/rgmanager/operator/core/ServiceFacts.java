package dev.rgmanager.operator.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One service as the core sees it: its policy (from spec), what the administrator wants of it
 * ({@code desired}, {@code frozen}) and where it stands (from status). {@code id} is
 * "namespace/name".
 */
public record ServiceFacts(
    String id, ServicePolicy policy, Desired desired, boolean frozen, ServiceStanding standing) {

  public FailoverRules domain() {
    return policy.domain();
  }

  public boolean autostart() {
    return policy.autostart();
  }

  public boolean exclusive() {
    return policy.exclusive();
  }

  public Recovery recovery() {
    return policy.recovery();
  }

  public Integer maxRestarts() {
    return policy.maxRestarts();
  }

  public Duration restartExpire() {
    return policy.restartExpire();
  }

  /** The id of the service this one depends on, or null. */
  public String depend() {
    return policy.depend();
  }

  /** Whether the service stops with its dependency ({@link DependMode#HARD}) or not. */
  public DependMode dependMode() {
    return policy.dependMode();
  }

  /** True when the tree holds a VM, alone or inside a larger tree. */
  public boolean vm() {
    return policy.vm();
  }

  /** True when the service is one VM and nothing else: it moves by migration (seed). */
  public boolean migratable() {
    return policy.vmKind() == VmKind.SERVICE;
  }

  /** The nodes the service's VM is seen running on now; empty when none (or no VM). */
  public java.util.Set<String> vmSeenOn() {
    return standing.vm().seenOn();
  }

  /** Why the service's VM cannot be started at all, or null. */
  public String vmUnusable() {
    return standing.vm().unusable();
  }

  /** The node the service's last migration failed to reach, or null. */
  public String migrationFailedTo() {
    return standing.vm().migrationFailedTo();
  }

  /**
   * What the core acts on: the administrator's intent, except that a service the cluster holds
   * disabled is treated as disabled ({@link DisableHold}).
   */
  public Desired wanted() {
    return DisableHold.wanted(desired, standing.heldDisabled());
  }

  /** True while the cluster holds the service disabled until an enable. */
  public boolean heldDisabled() {
    return standing.heldDisabled();
  }

  public State state() {
    return standing.state();
  }

  public String owner() {
    return standing.owner();
  }

  public String lastOwner() {
    return standing.lastOwner();
  }

  public List<Instant> restarts() {
    return standing.restarts();
  }

  /**
   * The node a recorded move takes the service to while it still stands on its owner, or null
   * ({@link ServiceStanding}).
   */
  public String heading() {
    return standing.heading();
  }

  /** The same service, heading for {@code node} (null: for no other node than its owner). */
  public ServiceFacts withHeading(String node) {
    ServiceStanding s = standing;
    return with(
        new ServiceStanding(
            s.state(),
            s.owner(),
            s.lastOwner(),
            s.restarts(),
            s.since(),
            s.heldDisabled(),
            s.vm(),
            node));
  }

  /** The node the service is heading for, other than its owner, or null. */
  String headingElsewhere() {
    String h = heading();
    return h == null || h.equals(owner()) ? null : h;
  }

  /** When the service last changed state, or null when unknown. */
  public Instant since() {
    return standing.since();
  }

  /** True while the service occupies its owner node (running or moving there). */
  public boolean occupiesOwner() {
    State state = state();
    return owner() != null
        && (state == State.STARTED
            || state == State.STARTING
            || state == State.STOPPING
            || state == State.MIGRATING
            || state == State.RECOVERING
            || state == State.FAILED);
  }

  public ServiceFacts withStatus(
      State newState, String newOwner, String newLastOwner, List<Instant> newRestarts) {
    return with(
        new ServiceStanding(
            newState,
            newOwner,
            newLastOwner,
            newRestarts,
            since(),
            heldDisabled(),
            standing.vm(),
            heading()));
  }

  /** The same service with what is known of its VM. */
  public ServiceFacts withVm(VmStanding vm) {
    return with(
        new ServiceStanding(
            state(), owner(), lastOwner(), restarts(), since(), heldDisabled(), vm, heading()));
  }

  /** The same service, held disabled by the cluster or released. */
  public ServiceFacts withHold(boolean held) {
    return with(
        new ServiceStanding(
            state(), owner(), lastOwner(), restarts(), since(), held, standing.vm(), heading()));
  }

  /**
   * The same service with another intent: desired state and frozen flag (its status is kept; an
   * intent other than enabled releases a hold, see {@link DisableHold}).
   */
  public ServiceFacts withIntent(Desired newDesired, boolean newFrozen) {
    return new ServiceFacts(id, policy, newDesired, newFrozen, standing)
        .withHold(newDesired == Desired.ENABLED && heldDisabled());
  }

  /** The same service, last transitioned at {@code time}. */
  public ServiceFacts since(Instant time) {
    return with(
        new ServiceStanding(
            state(),
            owner(),
            lastOwner(),
            restarts(),
            time,
            heldDisabled(),
            standing.vm(),
            heading()));
  }

  private ServiceFacts with(ServiceStanding next) {
    return new ServiceFacts(id, policy, desired, frozen, next);
  }
}
