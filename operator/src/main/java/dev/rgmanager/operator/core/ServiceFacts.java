package dev.rgmanager.operator.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One service as the core sees it: its policies (from spec) and where it stands (from status).
 * {@code id} is "namespace/name"; {@code depend} is the id of the service it depends on.
 */
public record ServiceFacts(
    String id,
    FailoverRules domain,
    boolean autostart,
    boolean exclusive,
    Recovery recovery,
    Integer maxRestarts,
    Duration restartExpire,
    String depend,
    Desired desired,
    boolean frozen,
    boolean vm,
    State state,
    String owner,
    String lastOwner,
    List<Instant> restarts,
    Instant since) {

  public ServiceFacts {
    restarts = restarts == null ? List.of() : List.copyOf(restarts);
  }

  /** A service whose last transition time is unknown. */
  public ServiceFacts(
      String id,
      FailoverRules domain,
      boolean autostart,
      boolean exclusive,
      Recovery recovery,
      Integer maxRestarts,
      Duration restartExpire,
      String depend,
      Desired desired,
      boolean frozen,
      boolean vm,
      State state,
      String owner,
      String lastOwner,
      List<Instant> restarts) {
    this(
        id,
        domain,
        autostart,
        exclusive,
        recovery,
        maxRestarts,
        restartExpire,
        depend,
        desired,
        frozen,
        vm,
        state,
        owner,
        lastOwner,
        restarts,
        null);
  }

  /** True while the service occupies its owner node (running or moving there). */
  public boolean occupiesOwner() {
    return owner != null
        && (state == State.STARTED
            || state == State.STARTING
            || state == State.STOPPING
            || state == State.MIGRATING
            || state == State.RECOVERING
            || state == State.FAILED);
  }

  public ServiceFacts withStatus(
      State newState, String newOwner, String newLastOwner, List<Instant> newRestarts) {
    return new ServiceFacts(
        id,
        domain,
        autostart,
        exclusive,
        recovery,
        maxRestarts,
        restartExpire,
        depend,
        desired,
        frozen,
        vm,
        newState,
        newOwner,
        newLastOwner,
        newRestarts,
        since);
  }

  /** The same service with another intent: desired state and frozen flag (its status is kept). */
  public ServiceFacts withIntent(Desired newDesired, boolean newFrozen) {
    return new ServiceFacts(
        id,
        domain,
        autostart,
        exclusive,
        recovery,
        maxRestarts,
        restartExpire,
        depend,
        newDesired,
        newFrozen,
        vm,
        state,
        owner,
        lastOwner,
        restarts,
        since);
  }

  /** The same service, last transitioned at {@code time}. */
  public ServiceFacts since(Instant time) {
    return new ServiceFacts(
        id,
        domain,
        autostart,
        exclusive,
        recovery,
        maxRestarts,
        restartExpire,
        depend,
        desired,
        frozen,
        vm,
        state,
        owner,
        lastOwner,
        restarts,
        time);
  }
}
