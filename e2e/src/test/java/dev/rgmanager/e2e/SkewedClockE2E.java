package dev.rgmanager.e2e;

import static dev.rgmanager.e2e.FencingE2E.member;

import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.ControlPlane;
import dev.rgmanager.operator.testing.Manifests;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A node whose clock is minutes behind renews its heartbeat as usual: it stays an online member,
 * because a heartbeat's age is measured on the operator's clock from when the renewal was seen, not
 * from the time the node wrote.
 */
@RealCluster
class SkewedClockE2E {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void aNodeWhoseClockIsMinutesBehindStaysOnline(KubernetesClient c, ControlPlane cp)
      throws Exception {
    Manifests.apply(c, Manifests.REAL_CLUSTER.cluster(false));
    try (OperatorProcess operator = OperatorProcess.start(cp.kubeconfig(), "skewed-clock")) {
      Await.REAL_CLUSTER.until(
          "node-3 online",
          WAIT,
          () -> member(c, "node-3"),
          m -> m != null && m.state() == MemberState.ONLINE);
      // From now on node-3 writes renewTimes seven minutes old: more than 100 token timeouts.
      try (HeldNode skewed = HeldNode.hold(c, cp, "node-3", Duration.ofMinutes(-7))) {
        Await.REAL_CLUSTER.holds(
            "node-3 stays online for three token timeouts",
            Duration.ofSeconds(12),
            () -> member(c, "node-3"),
            m -> m.state() == MemberState.ONLINE);
      }
    } finally {
      c.resources(HACluster.class).withName("e2e").delete();
    }
  }
}
