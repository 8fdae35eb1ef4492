package dev.rgmanager.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.ControlPlane;
import dev.rgmanager.operator.testing.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The whole product on the real control plane: the operator starts the seed's service foo on the
 * most preferred node; when that node dies the service does NOT start elsewhere until the node is
 * fenced (here by an administrator's acknowledgement); then it runs on the next node, the floating
 * address follows it, the dead node is tainted out of service; when the node returns the service
 * fails back to it.
 */
@RealCluster
class FailoverE2E {
  private static final Duration WAIT = Duration.ofSeconds(90);

  static String manifests(String ns) {
    return Manifests.REAL_CLUSTER.cluster(false)
        + Manifests.REAL_CLUSTER.orderedDomain(ns)
        + """
        apiVersion: rgmanager.dev/v1alpha1
        kind: ClusterService
        metadata:
          name: foo
          namespace: NS
        spec:
          domain: abc
          statusInterval: 2s
          resources:
            - name: myfs
              volume:
                claimName: foo-data
                size: 1Gi
              children:
                - name: script
                  app:
                    template:
                      spec:
                        containers:
                          - name: app
                            image: registry.k8s.io/pause:3.10
            - name: ip
              ip:
                serviceName: foo-ip
                ports:
                  - port: 80
        """
            .replace("NS", ns);
  }

  static ClusterService foo(KubernetesClient c, String ns) {
    return c.resources(ClusterService.class).inNamespace(ns).withName("foo").get();
  }

  private static String where(ClusterService s) {
    return s == null || s.getStatus() == null
        ? "none"
        : s.getStatus().state() + "@" + s.getStatus().owner();
  }

  static List<String> eventReasons(KubernetesClient c, String ns, String service) {
    return c.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> service.equals(e.getInvolvedObject().getName()))
        .filter(e -> "ClusterService".equals(e.getInvolvedObject().getKind()))
        .map(e -> e.getReason())
        .toList();
  }

  static List<Pod> readyPods(KubernetesClient c, String ns) {
    return c
        .pods()
        .inNamespace(ns)
        .withLabel("rgmanager.dev/service", "foo")
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(
            p ->
                p.getStatus() != null
                    && p.getStatus().getConditions() != null
                    && p.getStatus().getConditions().stream()
                        .anyMatch(x -> "Ready".equals(x.getType()) && "True".equals(x.getStatus())))
        .toList();
  }

  private static List<String> endpoints(KubernetesClient c, String ns) {
    return c
        .resources(EndpointSlice.class)
        .inNamespace(ns)
        .withLabel("kubernetes.io/service-name", "foo-ip")
        .list()
        .getItems()
        .stream()
        .flatMap(
            s ->
                s.getEndpoints() == null
                    ? java.util.stream.Stream.empty()
                    : s.getEndpoints().stream())
        .flatMap(e -> e.getAddresses().stream())
        .toList();
  }

  static MemberState member(KubernetesClient c, String node) {
    HACluster h = c.resources(HACluster.class).withName("e2e").get();
    return h == null || h.getStatus() == null
        ? null
        : h.getStatus().membersOrEmpty().stream()
            .filter(m -> m.name().equals(node))
            .map(m -> m.state())
            .findFirst()
            .orElse(null);
  }

  static boolean tainted(KubernetesClient c, String node) {
    var taints = c.nodes().withName(node).get().getSpec().getTaints();
    return taints != null
        && taints.stream().anyMatch(t -> "node.kubernetes.io/out-of-service".equals(t.getKey()));
  }

  @Test
  void aLostNodesServiceMovesOnlyAfterFencingAndFailsBack(
      KubernetesClient c, TestNamespace ns, ControlPlane cp) throws Exception {
    Manifests.systemNamespace(c);
    List<HasMetadata> objects =
        c.load(new ByteArrayInputStream(manifests(ns.name()).getBytes(StandardCharsets.UTF_8)))
            .items();
    objects.forEach(o -> c.resource(o).serverSideApply());
    try (OperatorProcess operator = OperatorProcess.start(cp.kubeconfig(), "failover")) {
      // 1. Started on node-1, the most preferred member; the address routes to its pod.
      Await.REAL_CLUSTER.until(
          "foo started on node-1", WAIT, () -> where(foo(c, ns.name())), "STARTED@node-1"::equals);
      Pod first = readyPods(c, ns.name()).get(0);
      assertThat(first.getSpec().getNodeName()).isEqualTo("node-1");
      Await.REAL_CLUSTER.until(
          "address routes to the pod on node-1",
          WAIT,
          () -> endpoints(c, ns.name()),
          e -> e.equals(List.of(first.getStatus().getPodIP())));

      // 2. node-1 dies. Nothing is fenced automatically (no fence method): foo must NOT run
      // elsewhere.
      cp.failNode("node-1");
      Await.REAL_CLUSTER.until(
          "node-1 offline", WAIT, () -> member(c, "node-1"), m -> m == MemberState.OFFLINE);
      Await.REAL_CLUSTER.until(
          "foo recovering, waiting for fencing",
          WAIT,
          () -> where(foo(c, ns.name())),
          "RECOVERING@node-1"::equals);
      Await.REAL_CLUSTER.holds(
          "no copy of foo elsewhere while node-1 is unfenced",
          Duration.ofSeconds(8),
          () -> readyPods(c, ns.name()).stream().map(p -> p.getSpec().getNodeName()).toList(),
          nodes -> nodes.stream().allMatch("node-1"::equals));

      // 3. The administrator acknowledges node-1 is off: it is fenced, tainted, and foo moves to
      // node-2.
      Manifests.acknowledge(c, "e2e", List.of("node-1"), "e2e");
      Await.REAL_CLUSTER.until(
          "node-1 fenced", WAIT, () -> member(c, "node-1"), m -> m == MemberState.FENCED);
      Await.REAL_CLUSTER.until(
          "node-1 tainted out of service", WAIT, () -> tainted(c, "node-1"), t -> t);
      Await.REAL_CLUSTER.until(
          "foo started on node-2", WAIT, () -> where(foo(c, ns.name())), "STARTED@node-2"::equals);
      Pod second =
          Await.REAL_CLUSTER
              .until(
                  "a ready pod on node-2",
                  WAIT,
                  () -> readyPods(c, ns.name()),
                  pods -> pods.stream().anyMatch(p -> "node-2".equals(p.getSpec().getNodeName())))
              .stream()
              .filter(p -> "node-2".equals(p.getSpec().getNodeName()))
              .findFirst()
              .orElseThrow();
      Await.REAL_CLUSTER.until(
          "address follows foo to node-2",
          WAIT,
          () -> endpoints(c, ns.name()),
          e -> e.equals(List.of(second.getStatus().getPodIP())));
      assertThat(foo(c, ns.name()).getStatus().lastOwner()).isEqualTo("node-1");

      // What the administrator sees: an Event for each state change of foo, and one failover
      // counted.
      Await.REAL_CLUSTER.until(
          "foo's Events",
          WAIT,
          () -> eventReasons(c, ns.name(), "foo"),
          r -> r.containsAll(List.of("WaitingForFencing", "ServiceRelocated", "ServiceStarted")));
      assertThat(operator.metric("rgmanager_failovers_total")).isEqualTo(1.0);

      // 4. node-1 comes back: the taint goes, and (ordered domain, failback) foo returns to node-1.
      cp.recoverNode("node-1");
      Await.REAL_CLUSTER.until(
          "node-1 online", WAIT, () -> member(c, "node-1"), m -> m == MemberState.ONLINE);
      Await.REAL_CLUSTER.until("taint removed", WAIT, () -> tainted(c, "node-1"), t -> !t);
      Await.REAL_CLUSTER.until(
          "foo failed back to node-1",
          WAIT,
          () -> where(foo(c, ns.name())),
          "STARTED@node-1"::equals);
      assertThat(operator.logText())
          .contains("service=" + ns.name() + "/foo node=node-2 decision=start");
    } finally {
      cp.recoverNode("node-1");
      c.resources(HACluster.class).withName("e2e").delete();
    }
    assertThat(Objects.requireNonNull(c.nodes().withName("node-1").get())).isNotNull();
  }
}
