package dev.rgmanager.operator.core;

import dev.rgmanager.operator.core.Decision.Adopt;
import dev.rgmanager.operator.core.Decision.Keep;
import dev.rgmanager.operator.core.Decision.TwoCopies;
import java.util.Set;
import java.util.TreeSet;

/**
 * rgmanager's VM tracking (seed, "Virtual Machine Behaviors"): a VM already running when its
 * service is enabled is marked started where it is found instead of being started a second time,
 * and a VM moved behind the cluster's back is followed. Unlike rgmanager, a VM found running in two
 * places is reported, and nothing is started or moved while it is (a disable or stop still stops
 * the cluster's copy). A copy on a member that is fenced is gone (it is being cleaned up); one on a
 * member that is offline and not fenced may still run, so nothing starts while it is seen there.
 */
final class VmTracking {
  private VmTracking() {}

  /** What the VM's whereabouts decide for a service with no transition, or null: nothing. */
  static Decision decide(ServiceFacts s, ClusterView view) {
    if (!s.vm() || s.vmSeenOn().isEmpty()) {
      return null;
    }
    Set<String> seen = new TreeSet<>();
    for (String node : s.vmSeenOn()) {
      if (!view.fenced(node)) {
        seen.add(node);
      }
    }
    if (seen.isEmpty()) {
      return null;
    }
    if (seen.size() > 1 && s.wanted() == Desired.ENABLED) {
      return new TwoCopies(
          seen,
          "the VM of "
              + s.id()
              + " is running on "
              + String.join(" and ", seen)
              + ": stop the copy that must not run; nothing is started, stopped or moved until"
              + " then");
    }
    if (seen.size() > 1) {
      // Disabled or stopped by the administrator: the cluster's own copy is stopped as asked.
      return null;
    }
    String node = seen.iterator().next();
    boolean started = s.state() == State.STARTED || s.state() == State.RECOVERING;
    if (started && node.equals(s.owner())) {
      return null;
    }
    if (!view.online(node)) {
      return new Keep(
          "the VM of "
              + s.id()
              + " is seen on "
              + node
              + ", which is offline and not fenced: nothing starts elsewhere until it is");
    }
    if (started) {
      return new Adopt(
          node, "found running on " + node + ", not on " + s.owner() + ": following it there");
    }
    if (s.wanted() == Desired.ENABLED) {
      return new Adopt(
          node, "found already running on " + node + ": marked started there, not started twice");
    }
    return new Keep(
        "the VM of "
            + s.id()
            + " is running on "
            + node
            + " although the service is "
            + (s.state() == null ? "not started" : s.state().name().toLowerCase())
            + ": enable adopts it there, or stop it by hand");
  }
}
