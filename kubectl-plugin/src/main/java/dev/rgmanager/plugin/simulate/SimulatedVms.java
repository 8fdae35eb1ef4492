package dev.rgmanager.plugin.simulate;

import dev.rgmanager.operator.core.Decision;
import dev.rgmanager.operator.core.ServiceFacts;
import dev.rgmanager.operator.core.State;
import dev.rgmanager.operator.core.VmStanding;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the VMs of a simulation run, as the operator reads it from the VirtualMachineInstances: a
 * service's VM moves with the cluster's starts, stops and migrations once they complete, is gone
 * from a member once that member is fenced, and is started or stopped by hand where the events say.
 * The core is told what is seen; what that means is its own rule ({@code VmTracking}).
 */
final class SimulatedVms {
  private final Map<String, Set<String>> running = new HashMap<>();
  private final Set<String> failingMigrations = new HashSet<>();

  /**
   * The service as the core sees it: with the nodes its VM runs on (a service with no VM as is).
   */
  ServiceFacts seen(ServiceFacts s) {
    return s.vm() ? s.withVm(new VmStanding(on(s.id()), s.migrationFailedTo())) : s;
  }

  /**
   * After {@code d} completed on {@code before}: a stop or a migration took the VM off its owner; a
   * start or a migration put it on the new one. As in the operator, a start, a migration or an
   * adoption that succeeded forgets the target of a failed migration.
   */
  ServiceFacts completed(ServiceFacts before, Decision d, ServiceFacts after) {
    if (!before.vm()) {
      return after;
    }
    Set<String> on = on(before.id());
    boolean moved = d instanceof Decision.Stop || d instanceof Decision.Migrate;
    if (moved && before.owner() != null) {
      on.remove(before.owner());
    }
    boolean started = after.state() == State.STARTED && after.owner() != null;
    if (started && (moved || d instanceof Decision.Start)) {
      on.add(after.owner());
    }
    String failedTo =
        started && (moved || d instanceof Decision.Start || d instanceof Decision.Adopt)
            ? null
            : before.migrationFailedTo();
    return after.withVm(new VmStanding(on, failedTo));
  }

  /** The next migration of the service fails. */
  void failNextMigration(String id) {
    failingMigrations.add(id);
  }

  /** True, once, when this migration is the one that fails. */
  boolean migrationFails(String id) {
    return failingMigrations.remove(id);
  }

  /**
   * A migration to {@code target} that failed: the VM stays on its source, and the target is
   * recorded so that no automatic failback tries it again.
   */
  ServiceFacts migrationFailed(ServiceFacts s, String target) {
    return s.withVm(new VmStanding(on(s.id()), target));
  }

  /** A fenced member runs nothing any more. */
  void fenced(String node) {
    running.values().forEach(nodes -> nodes.remove(node));
  }

  /** A copy of the service's VM started by hand on {@code node}; false when one runs there. */
  boolean found(String id, String node) {
    return on(id).add(node);
  }

  /** The copy on {@code node} stopped by hand; false when none ran there. */
  boolean gone(String id, String node) {
    return on(id).remove(node);
  }

  /** The nodes the service's VM runs on, in name order. */
  Set<String> runningOn(String id) {
    return new TreeSet<>(on(id));
  }

  private Set<String> on(String id) {
    return running.computeIfAbsent(id, k -> new TreeSet<>());
  }
}
