package dev.rgmanager.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.ControlPlane;
import dev.rgmanager.operator.testing.KubeVirtCrds;
import dev.rgmanager.operator.testing.Manifests;
import dev.rgmanager.operator.testing.RunningHistory;
import dev.rgmanager.operator.testing.SimulatedKubeVirt;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A VM service end to end: the packaged operator against the real control plane, KubeVirt's API
 * installed as CRDs and its controllers played by {@link SimulatedKubeVirt} (kwok plays the
 * kubelets). The VM's node dies; nothing starts until the administrator acknowledges the fence; it
 * starts on the next node; the node returns and the VM fails back by migration; the administrator
 * migrates it with {@code kubectl cluster-status migrate}. Where the guest runs is read from its
 * launcher pods throughout: never in two places.
 */
@RealCluster
class VmServiceE2E {
  private static final Duration WAIT = Duration.ofSeconds(90);

  static String manifests(String ns) {
    return Manifests.REAL_CLUSTER.cluster(false)
        + Manifests.REAL_CLUSTER.orderedDomain(ns)
        + Manifests.virtualMachine(ns, "guest", "Manual")
        + """
        apiVersion: rgmanager.dev/v1alpha1
        kind: ClusterService
        metadata:
          name: guest
          namespace: NS
        spec:
          domain: abc
          statusInterval: 2s
          resources:
            - name: guest
              vm:
                name: guest
              migrate: live
        """
            .replace("NS", ns);
  }

  private static String where(KubernetesClient c, String ns) {
    ClusterService s = c.resources(ClusterService.class).inNamespace(ns).withName("guest").get();
    return s == null || s.getStatus() == null
        ? "none"
        : s.getStatus().state() + "@" + s.getStatus().owner();
  }

  @Test
  void aVmFailsOverAfterTheFenceFailsBackByMigrationAndMigratesOnRequest(
      KubernetesClient c, TestNamespace ns, ControlPlane cp) throws Exception {
    KubeVirtCrds.install(c);
    Manifests.systemNamespace(c);
    List<HasMetadata> objects =
        c.load(new ByteArrayInputStream(manifests(ns.name()).getBytes(StandardCharsets.UTF_8)))
            .items();
    objects.forEach(o -> c.resource(o).serverSideApply());
    try (SimulatedKubeVirt kubevirt = SimulatedKubeVirt.start(c);
        OperatorProcess operator = OperatorProcess.start(cp.kubeconfig(), "vm")) {
      Await.REAL_CLUSTER.until(
          "guest started on node-1", WAIT, () -> where(c, ns.name()), "STARTED@node-1"::equals);
      Await.REAL_CLUSTER.until(
          "the guest running on node-1",
          WAIT,
          () -> kubevirt.runningOn(ns.name(), "guest"),
          Set.of("node-1")::equals);
      RunningHistory history = kubevirt.watchRunning(ns.name(), "guest");

      cp.failNode("node-1");
      Await.REAL_CLUSTER.until(
          "guest waiting for node-1 to be fenced",
          WAIT,
          () -> where(c, ns.name()),
          "RECOVERING@node-1"::equals);
      Await.REAL_CLUSTER.holds(
          "the guest nowhere else while node-1 is not fenced",
          Duration.ofSeconds(6),
          () -> kubevirt.runningOn(ns.name(), "guest"),
          nodes -> nodes.stream().allMatch("node-1"::equals));
      Manifests.acknowledge(c, "e2e", List.of("node-1"), "e2e");
      Await.REAL_CLUSTER.until(
          "guest started on node-2", WAIT, () -> where(c, ns.name()), "STARTED@node-2"::equals);
      Await.REAL_CLUSTER.until(
          "the guest running on node-2",
          WAIT,
          () -> kubevirt.runningOn(ns.name(), "guest"),
          Set.of("node-2")::equals);

      cp.recoverNode("node-1");
      Await.REAL_CLUSTER.until(
          "node-1 online again",
          WAIT,
          () -> FailoverE2E.member(c, "node-1"),
          m -> m == MemberState.ONLINE);
      Await.REAL_CLUSTER.until(
          "guest failed back to node-1", WAIT, () -> where(c, ns.name()), "STARTED@node-1"::equals);
      // The Events of a decision are given out just after its status is written.
      Await.REAL_CLUSTER.until(
          "the failback's Events: migrating, migrated",
          WAIT,
          () -> FailoverE2E.eventReasons(c, ns.name(), "guest"),
          r -> r.containsAll(List.of("ServiceMigrating", "ServiceMigrated")));

      Plugin.Result migrate =
          new Plugin(cp.kubeconfig())
              .run("migrate", ns.name() + "/guest", "-m", "node-3", "--timeout", "60");
      assertThat(migrate.exit()).as(migrate.toString()).isZero();
      Await.REAL_CLUSTER.until(
          "guest on node-3", WAIT, () -> where(c, ns.name()), "STARTED@node-3"::equals);
      Await.REAL_CLUSTER.until(
          "the guest running on node-3",
          WAIT,
          () -> kubevirt.runningOn(ns.name(), "guest"),
          Set.of("node-3")::equals);

      Plugin.Result refused =
          new Plugin(cp.kubeconfig())
              .run("migrate", ns.name() + "/guest", "-m", "node-3", "--timeout", "30");
      assertThat(refused.exit()).as(refused.toString()).isNotZero();
      assertThat(refused.out() + refused.err()).contains("already runs on node-3");

      assertThat(history.mostNodesAtOnce()).as(history.toString()).isEqualTo(1);
      assertThat(
              history.changes().stream()
                  .map(RunningHistory.Change::nodes)
                  .filter(n -> !n.isEmpty())
                  .toList())
          .as("where the guest ran, in turn: each move a hand-over, never two at once")
          .containsExactly(Set.of("node-1"), Set.of("node-2"), Set.of("node-1"), Set.of("node-3"));
    }
  }
}
