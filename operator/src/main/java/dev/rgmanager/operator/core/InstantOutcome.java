package dev.rgmanager.operator.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a decision to a service as if every start and stop completed at once and succeeded: what
 * {@code simulate} and the core's own tests use in place of real actuators. The operator keeps the
 * same bookkeeping (owner, last owner, restart window) when its transitions complete.
 */
public final class InstantOutcome {
  private InstantOutcome() {}

  public static ServiceFacts apply(ServiceFacts s, Decision d, Instant now) {
    return outcome(s, d, now).withHold(DisableHold.after(s, d));
  }

  private static ServiceFacts outcome(ServiceFacts s, Decision d, Instant now) {
    List<Instant> window =
        new ArrayList<>(RestartWindow.remembered(s.restarts(), s.restartExpire(), now));
    if (d instanceof Decision.Start start) {
      if (start.restart()) {
        window.add(now);
      }
      return started(s, start.node(), window);
    }
    if (d instanceof Decision.Stop stop) {
      if (stop.clearWindow()) {
        window.clear();
      }
      if (stop.restart()) {
        window.add(now);
      }
      if (stop.then() == null) {
        return started(s, stop.thenNode(), window);
      }
      return s.withStatus(stop.then(), null, s.owner() != null ? s.owner() : s.lastOwner(), window);
    }
    if (d instanceof Decision.Migrate m) {
      return started(s, m.node(), window);
    }
    if (d instanceof Decision.Adopt a) {
      return started(s, a.node(), window);
    }
    if (d instanceof Decision.Mark mark) {
      String last = s.owner() != null ? s.owner() : s.lastOwner();
      return s.withStatus(
          mark.state(), mark.state() == State.STARTED ? s.owner() : null, last, window);
    }
    if (d instanceof Decision.AwaitFencing) {
      return s.withStatus(State.RECOVERING, s.owner(), s.lastOwner(), window);
    }
    return s;
  }

  /** A start that failed on {@code node}: the tree is stopped again; the decision follows. */
  public static ServiceFacts startFailed(ServiceFacts s, String node) {
    return s.withStatus(State.STOPPED, null, node, s.restarts());
  }

  private static ServiceFacts started(ServiceFacts s, String node, List<Instant> window) {
    String last = s.owner() != null ? s.owner() : s.lastOwner();
    return s.withStatus(State.STARTED, node, last, window);
  }
}
