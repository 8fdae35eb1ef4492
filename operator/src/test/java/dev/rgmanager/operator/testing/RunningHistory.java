package dev.rgmanager.operator.testing;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every change of the set of nodes a VMI's guest runs on ({@link SimulatedKubeVirt#runningOn}), as
 * the simulation saw it, with when (this JVM's time): for asserting that a VM never ran in two
 * places.
 */
public final class RunningHistory {
  /** The nodes the guest ran on from {@code at} on. */
  public record Change(Instant at, Set<String> nodes) {}

  private final List<Change> changes = new CopyOnWriteArrayList<>();

  RunningHistory(Set<String> initial) {
    changes.add(new Change(Instant.now(), Set.copyOf(initial)));
  }

  /** Records {@code nodes} if they differ from the last change. */
  synchronized void seen(Set<String> nodes) {
    if (!changes.get(changes.size() - 1).nodes().equals(nodes)) {
      changes.add(new Change(Instant.now(), Set.copyOf(nodes)));
    }
  }

  /** The changes, oldest first (the first is the set when watching began). */
  public List<Change> changes() {
    return List.copyOf(changes);
  }

  /** The nodes the guest runs on now, as last seen. */
  public Set<String> current() {
    return changes.get(changes.size() - 1).nodes();
  }

  /** The most nodes the guest ever ran on at once. */
  public int mostNodesAtOnce() {
    return changes.stream().mapToInt(c -> c.nodes().size()).max().orElse(0);
  }

  /** Every node the guest ran on, in order of first appearance. */
  public List<String> nodesInOrder() {
    return changes.stream().flatMap(c -> c.nodes().stream().sorted()).distinct().toList();
  }

  @Override
  public String toString() {
    return changes.toString();
  }
}
