package dev.rgmanager.operator.core;

import dev.rgmanager.operator.core.Decision.Keep;
import dev.rgmanager.operator.core.Decision.Stop;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What a failure asks of a started service: a failed status check answered by its recovery policy
 * (restart in place within the restart window, relocate, disable), and a failed start tried on the
 * next legal node. A member in standby restarts nothing in place when another node can run it.
 */
final class RecoveryRules {
  private RecoveryRules() {}

  static Decision recover(ServiceFacts s, ClusterView view, Instant now, String detail) {
    if (s.state() != State.STARTED) {
      return new Keep("not started");
    }
    String why = "status check failed (" + detail + ")";
    if (Dependency.holdsDown(s, view)) {
      return new Stop(State.STOPPED, null, false, false, why + ": " + Dependency.notRunning(s));
    }
    switch (s.recovery()) {
      case DISABLE -> {
        return new Stop(State.DISABLED, null, false, false, why + ": recovery policy disable");
      }
      case RELOCATE -> {
        return relocateOrStop(s, view, why + ": recovery policy relocate", false);
      }
      case RESTART_DISABLE -> {
        return RestartWindow.exhausted(s, now)
            ? new Stop(
                State.DISABLED,
                null,
                false,
                true,
                why + ": restarts exhausted, recovery policy restart-disable")
            : inPlaceUnlessStandby(s, view, why);
      }
      default -> {
        return RestartWindow.exhausted(s, now)
            ? relocateOrStop(
                s,
                view,
                why
                    + ": "
                    + s.maxRestarts()
                    + " restarts within "
                    + s.restartExpire().toSeconds()
                    + "s, relocating",
                true)
            : inPlaceUnlessStandby(s, view, why);
      }
    }
  }

  /**
   * A restart in place, unless the owner is in standby and another node can run the service: then
   * it moves there (a standby member starts nothing, and a restart is a start).
   */
  private static Decision inPlaceUnlessStandby(ServiceFacts s, ClusterView view, String why) {
    if (view.standby(s.owner())) {
      Optional<String> target = Placement.bestTarget(s, view, Set.of(s.owner()));
      if (target.isPresent()) {
        return new Stop(
            null,
            target.get(),
            true,
            false,
            why + ": " + s.owner() + " is in standby, restarting on " + target.get());
      }
    }
    return new Stop(null, s.owner(), true, false, why + ": restarting in place");
  }

  private static Decision relocateOrStop(
      ServiceFacts s, ClusterView view, String why, boolean clearWindow) {
    Optional<String> target = Placement.bestTarget(s, view, Set.of(s.owner()));
    return target
        .<Decision>map(n -> new Stop(null, n, false, clearWindow, why + " to " + n))
        .orElseGet(
            () ->
                new Stop(
                    State.STOPPED, null, false, clearWindow, why + ": no other node can run it"));
  }

  static Decision startFailed(ServiceFacts s, ClusterView view, Trigger t) {
    String why = "start on " + t.node() + " failed (" + t.detail() + ")";
    if (Dependency.holdsDown(s, view)) {
      return new Stop(State.STOPPED, null, false, false, why + ": " + Dependency.notRunning(s));
    }
    if (s.recovery() == Recovery.RESTART_DISABLE && t.node().equals(s.lastOwner())) {
      return new Stop(
          State.DISABLED, null, false, false, why + ": recovery policy restart-disable");
    }
    Optional<String> target = Placement.bestTarget(s, view, Set.of(t.node()));
    if (target.isEmpty()) {
      return new Stop(State.STOPPED, null, false, false, why + " and no other node can run it");
    }
    return new Stop(null, target.get(), false, false, why + ": trying " + target.get());
  }
}
