package dev.rgmanager.plugin.ops;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.Condition;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import dev.rgmanager.api.v1alpha1.ServiceState;
import dev.rgmanager.operator.reconciler.ActiveCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Node maintenance: standby cordons a member's node, so that the operator moves every service off
 * it and starts nothing there, and waits until each has moved (or says which cannot, and why);
 * unstandby uncordons it, so that the domains fail back.
 */
public final class Standby {
  private static final String CANNOT_MOVE = "CannotMove";

  private Standby() {}

  /** The exit status: 0 done, 1 refused or a service stays on the node, 3 timed out. */
  public static int run(
      KubernetesClient client,
      String node,
      boolean standby,
      boolean wait,
      Duration timeout,
      PrintWriter out) {
    Optional<HACluster> cluster = active(client);
    if (cluster.isEmpty()) {
      out.println("error: no HACluster exists");
      return 1;
    }
    String name = cluster.get().getMetadata().getName();
    if (member(cluster.get(), node).isEmpty()) {
      out.println("error: " + node + " is not a member of cluster " + name);
      return 1;
    }
    client
        .nodes()
        .withName(node)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            standby
                ? "{\"spec\":{\"unschedulable\":true}}"
                : "{\"spec\":{\"unschedulable\":null}}");
    out.println(node + (standby ? ": cordoned" : ": uncordoned"));
    if (!wait) {
      return 0;
    }
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      HACluster now = client.resources(HACluster.class).withName(name).get();
      Optional<MemberStatus> m = now == null ? Optional.empty() : member(now, node);
      boolean recorded = m.isPresent() && m.get().standbyOrDefault() == standby;
      if (recorded && !standby) {
        out.println(node + ": out of standby; services may start and fail back there");
        return 0;
      }
      if (recorded) {
        List<ClusterService> left = leftOn(client, node);
        List<ClusterService> stuck = left.stream().filter(Standby::cannotMove).toList();
        if (left.isEmpty()) {
          out.println(node + ": in standby; no service runs there");
          return 0;
        }
        if (stuck.size() == left.size()) {
          out.println(
              node
                  + ": in standby, but "
                  + stuck.size()
                  + (stuck.size() == 1 ? " service stays" : " services stay")
                  + " on it:");
          stuck.forEach(s -> out.println("  " + id(s) + ": " + condition(s).message()));
          return 1;
        }
      }
      if (!sleep()) {
        return 3;
      }
    }
    out.println(
        node
            + ": "
            + (standby ? "services still moving off" : "standby not yet ended")
            + " after "
            + timeout.toSeconds()
            + "s (the operator goes on; follow it with kubectl cluster-status -m "
            + node
            + ")");
    return 3;
  }

  /** The active cluster, as the operator chooses it (the oldest, then by name). */
  static Optional<HACluster> active(KubernetesClient client) {
    return Optional.ofNullable(
        ActiveCluster.of(client.resources(HACluster.class).list().getItems()));
  }

  static Optional<MemberStatus> member(HACluster cluster, String node) {
    return cluster.getStatus() == null
        ? Optional.empty()
        : cluster.getStatus().membersOrEmpty().stream()
            .filter(m -> node.equals(m.name()))
            .findFirst();
  }

  /** Every service that occupies {@code node}: running, starting or stopping there. */
  private static List<ClusterService> leftOn(KubernetesClient client, String node) {
    return client.resources(ClusterService.class).inAnyNamespace().list().getItems().stream()
        .filter(s -> s.getStatus() != null && node.equals(s.getStatus().owner()))
        .filter(
            s ->
                s.getStatus().state() == ServiceState.STARTED
                    || s.getStatus().state() == ServiceState.STARTING
                    || s.getStatus().state() == ServiceState.STOPPING
                    || s.getStatus().state() == ServiceState.RECOVERING)
        .toList();
  }

  private static boolean cannotMove(ClusterService s) {
    Condition c = condition(s);
    return c != null && "True".equals(c.status());
  }

  private static Condition condition(ClusterService s) {
    return s.getStatus().conditionsOrEmpty().stream()
        .filter(c -> CANNOT_MOVE.equals(c.type()))
        .findFirst()
        .orElse(null);
  }

  private static String id(ClusterService s) {
    return s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
  }

  private static boolean sleep() {
    try {
      Thread.sleep(500);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
