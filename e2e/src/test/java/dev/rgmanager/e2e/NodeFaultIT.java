package dev.rgmanager.e2e;

import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.ControlPlane;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Simulated nodes heartbeat like kubelets, and a test can make one fail and come back. */
@RealCluster
class NodeFaultIT {

  static String ready(KubernetesClient client, String node) {
    Node n = client.nodes().withName(node).get();
    return n.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(c -> c.getStatus())
        .findFirst()
        .orElse("none");
  }

  static Instant renewed(KubernetesClient client, String node) {
    return client
        .leases()
        .inNamespace("kube-node-lease")
        .withName(node)
        .get()
        .getSpec()
        .getRenewTime()
        .toInstant();
  }

  @Test
  void simulatedNodesAreReadyAndHeartbeat(KubernetesClient client) {
    for (String node : new String[] {"node-1", "node-2", "node-3"}) {
      Await.REAL_CLUSTER.until(
          node + " Ready", Duration.ofSeconds(60), () -> ready(client, node), "True"::equals);
    }
    Instant first = renewed(client, "node-1");
    Await.REAL_CLUSTER.until(
        "node-1 Lease renewed",
        Duration.ofSeconds(10),
        () -> renewed(client, "node-1"),
        t -> t.isAfter(first));
  }

  @Test
  void aNodeFailsAndRecovers(KubernetesClient client, ControlPlane cp) {
    cp.failNode("node-3");
    try {
      Await.REAL_CLUSTER.until(
          "node-3 not Ready",
          Duration.ofSeconds(60),
          () -> ready(client, "node-3"),
          s -> !"True".equals(s));
      Instant stale = renewed(client, "node-3");
      Await.REAL_CLUSTER.holds(
          "node-3 Lease not renewed",
          Duration.ofSeconds(3),
          () -> renewed(client, "node-3"),
          stale::equals);
    } finally {
      cp.recoverNode("node-3");
    }
    Await.REAL_CLUSTER.until(
        "node-3 Ready again",
        Duration.ofSeconds(60),
        () -> ready(client, "node-3"),
        "True"::equals);
  }
}
