package dev.rgmanager.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.FenceDevice;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.ControlPlane;
import dev.rgmanager.operator.testing.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fencing for real: a node stops heartbeating; the operator powers it off through its simulated BMC
 * (IPMI over LAN, credentials from a Secret), records it fenced, taints it out of service and
 * restarts its service on the next node; powering the BMC on brings the node back.
 */
@RealCluster
class FencingE2E {
  private static final Duration WAIT = Duration.ofSeconds(120);

  private static String manifests(String ns) {
    StringBuilder b = new StringBuilder(BmcManifests.fencedCluster(Bmcs.BASE_PORT));
    b.append(Manifests.REAL_CLUSTER.orderedDomain(ns))
        .append(Manifests.REAL_CLUSTER.appService(ns, "db", "abc"));
    return b.toString();
  }

  static String where(KubernetesClient c, String ns) {
    return where(c, ns, "db");
  }

  /** "STATE@owner" of a service, "none" before it has a status. */
  static String where(KubernetesClient c, String ns, String name) {
    ClusterService s = c.resources(ClusterService.class).inNamespace(ns).withName(name).get();
    return s == null || s.getStatus() == null
        ? "none"
        : s.getStatus().state() + "@" + s.getStatus().owner();
  }

  /**
   * The node is lost (its heartbeat stops) and, once membership sees it offline, the administrator
   * acknowledges it is off (fence_ack_manual).
   */
  static void loseAndAcknowledge(KubernetesClient c, ControlPlane cp, String node) {
    cp.failNode(node);
    Await.REAL_CLUSTER.until(
        node + " offline",
        WAIT,
        () -> member(c, node),
        m -> m != null && m.state() == MemberState.OFFLINE);
    Manifests.acknowledge(c, "e2e", List.of(node), "e2e");
  }

  static MemberStatus member(KubernetesClient c, String node) {
    HACluster h = c.resources(HACluster.class).withName("e2e").get();
    return h == null || h.getStatus() == null
        ? null
        : h.getStatus().membersOrEmpty().stream()
            .filter(m -> m.name().equals(node))
            .findFirst()
            .orElse(null);
  }

  @Test
  void aLostNodeIsPoweredOffThroughItsBmcBeforeItsServiceMoves(
      KubernetesClient c, TestNamespace ns, ControlPlane cp, Bmcs bmcs) throws Exception {
    Manifests.systemNamespace(c);
    List<HasMetadata> objects =
        c.load(new ByteArrayInputStream(manifests(ns.name()).getBytes(StandardCharsets.UTF_8)))
            .items();
    objects.forEach(o -> c.resource(o).serverSideApply());
    try (OperatorProcess operator = OperatorProcess.start(cp.kubeconfig(), "fencing")) {
      Await.REAL_CLUSTER.until(
          "db started on node-1", WAIT, () -> where(c, ns.name()), "STARTED@node-1"::equals);
      assertThat(bmcs.powerOn("node-1")).isTrue();

      // node-1 hangs: no heartbeat, but its power is still on. The operator must power it off
      // first.
      cp.failNode("node-1");
      Await.REAL_CLUSTER.until(
          "node-1 powered off by the operator", WAIT, () -> bmcs.powerOn("node-1"), on -> !on);
      MemberStatus fenced =
          Await.REAL_CLUSTER.until(
              "node-1 fenced",
              WAIT,
              () -> member(c, "node-1"),
              m -> m != null && m.state() == MemberState.FENCED);
      assertThat(fenced.fencedBy()).isEqualTo("power");
      Await.REAL_CLUSTER.until(
          "db started on node-2", WAIT, () -> where(c, ns.name()), "STARTED@node-2"::equals);
      assertThat(bmcs.powerOn("node-2")).as("only the lost node was powered off").isTrue();
      assertThat(operator.logText()).contains("node=node-1 fence=succeeded method=power");

      // Power node-1 on again (the administrator repaired it): it rejoins and db fails back.
      PowerCouplingIT.ipmitool(bmcs.port("node-1"), "on");
      Await.REAL_CLUSTER.until(
          "node-1 online",
          WAIT,
          () -> member(c, "node-1"),
          m -> m != null && m.state() == MemberState.ONLINE);
      Await.REAL_CLUSTER.until(
          "db failed back to node-1", WAIT, () -> where(c, ns.name()), "STARTED@node-1"::equals);

      // The BMC password reached the agent from the Secret, and nowhere else.
      assertThat(operator.logText()).doesNotContain(Bmcs.PASSWORD);
      assertThat(Serialization.asJson(c.v1().events().inAnyNamespace().list()))
          .doesNotContain(Bmcs.PASSWORD);
      assertThat(Serialization.asJson(c.resources(HACluster.class).list()))
          .doesNotContain(Bmcs.PASSWORD);
      assertThat(Serialization.asJson(c.resources(FenceDevice.class).inAnyNamespace().list()))
          .doesNotContain(Bmcs.PASSWORD);
      assertThat(Serialization.asJson(c.resources(ClusterService.class).inAnyNamespace().list()))
          .doesNotContain(Bmcs.PASSWORD);
    } finally {
      if (!bmcs.powerOn("node-1")) {
        PowerCouplingIT.ipmitool(bmcs.port("node-1"), "on");
      }
      cp.recoverNode("node-1");
      c.resources(HACluster.class).withName("e2e").delete();
    }
  }
}
