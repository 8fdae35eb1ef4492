package dev.rgmanager.e2e;

import static dev.rgmanager.e2e.FencingE2E.member;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A member with no working fence method whose heartbeat stops and then resumes before anyone fenced
 * or acknowledged it: it stays out of the cluster (unclean), its service foo starts nowhere else,
 * and a watcher of every pod of foo proves no pod is ever placed on another node until the
 * administrator acknowledges the node.
 */
@RealCluster
class UncleanMemberE2E {
  private static final Duration WAIT = Duration.ofSeconds(90);

  /** Every pod of foo ever seen, with the node it was placed on and when it was first seen. */
  record Placed(String pod, String node, Instant seen) {}

  private static String where(ClusterService s) {
    return s == null || s.getStatus() == null
        ? "none"
        : s.getStatus().state() + "@" + s.getStatus().owner();
  }

  @Test
  void aLostMemberWhoseHeartbeatReturnsStaysOutAndItsServiceStartsNowhereElse(
      KubernetesClient c, TestNamespace ns, ControlPlane cp) throws Exception {
    Manifests.systemNamespace(c);
    Manifests.apply(c, FailoverE2E.manifests(ns.name()));
    List<Placed> placed = new CopyOnWriteArrayList<>();
    try (OperatorProcess operator = OperatorProcess.start(cp.kubeconfig(), "unclean");
        Watch watch =
            c.pods()
                .inNamespace(ns.name())
                .withLabel("rgmanager.dev/service", "foo")
                .watch(
                    new Watcher<Pod>() {
                      @Override
                      public void eventReceived(Action action, Pod pod) {
                        String node = pod.getSpec().getNodeName();
                        String name = pod.getMetadata().getName();
                        if (placed.stream()
                            .noneMatch(p -> p.pod().equals(name) && p.node().equals(node))) {
                          placed.add(new Placed(name, node, Instant.now()));
                        }
                      }

                      @Override
                      public void onClose(WatcherException cause) {}
                    })) {
      Await.until(
          "foo started on node-1",
          WAIT,
          () -> where(FailoverE2E.foo(c, ns.name())),
          "STARTED@node-1"::equals);

      // node-1's heartbeat stops: lost while quorate, no fence method, foo waits for fencing.
      cp.failNode("node-1");
      Await.until(
          "node-1 lost",
          WAIT,
          () -> member(c, "node-1"),
          m -> m.state() == MemberState.OFFLINE && Boolean.TRUE.equals(m.unclean()));
      Await.until(
          "foo recovering on node-1",
          WAIT,
          () -> where(FailoverE2E.foo(c, ns.name())),
          "RECOVERING@node-1"::equals);

      // Its heartbeat resumes before it is fenced: it stays out, and foo starts nowhere else.
      cp.recoverNode("node-1");
      Await.until(
          "node-1's heartbeat seen back",
          WAIT,
          () -> member(c, "node-1"),
          m -> m.message() != null && m.message().contains("heartbeat is back"));
      Await.holds(
          "node-1 stays out (unclean) and foo waits, for three token timeouts",
          Duration.ofSeconds(12),
          () -> List.of(member(c, "node-1"), where(FailoverE2E.foo(c, ns.name()))),
          seen -> {
            MemberStatus m = (MemberStatus) seen.get(0);
            return m.state() == MemberState.OFFLINE
                && Boolean.TRUE.equals(m.unclean())
                && "RECOVERING@node-1".equals(seen.get(1));
          });
      assertThat(placed).extracting(Placed::node).containsOnly("node-1");
      assertThat(operator.logText()).doesNotContain("decision=start node=node-2");

      // The administrator acknowledges node-1: only now may foo run again, anywhere.
      Instant acknowledged = Instant.now();
      Manifests.acknowledge(c, "node-1");
      Await.until(
          "foo started again",
          WAIT,
          () -> FailoverE2E.foo(c, ns.name()),
          s ->
              s != null
                  && s.getStatus() != null
                  && "STARTED".equals(String.valueOf(s.getStatus().state())));
      assertThat(placed)
          .filteredOn(p -> !"node-1".equals(p.node()))
          .allSatisfy(p -> assertThat(p.seen()).isAfter(acknowledged));
      HACluster h = c.resources(HACluster.class).withName("e2e").get();
      assertThat(h.getStatus().acknowledgementsOrEmpty())
          .anySatisfy(a -> assertThat(a.node()).isEqualTo("node-1"));
    } finally {
      cp.recoverNode("node-1");
      c.resources(HACluster.class).withName("e2e").delete();
    }
  }

  @Test
  void aSecondHAClusterIsLeftAloneAndSaysSo(KubernetesClient c, ControlPlane cp) throws Exception {
    Manifests.apply(c, Manifests.cluster());
    Manifests.apply(c, Manifests.cluster().replace("name: e2e", "name: e2e-second"));
    try (OperatorProcess operator = OperatorProcess.start(cp.kubeconfig(), "second-cluster")) {
      Await.until(
          "e2e-second says it is ignored",
          WAIT,
          () -> c.resources(HACluster.class).withName("e2e-second").get(),
          h ->
              h.getStatus() != null
                  && h.getStatus().conditionsOrEmpty().stream()
                      .anyMatch(
                          x ->
                              "Active".equals(x.type())
                                  && "False".equals(x.status())
                                  && "AnotherHAClusterActive".equals(x.reason())
                                  && x.message().contains("HACluster e2e is the cluster")));
      HACluster second = c.resources(HACluster.class).withName("e2e-second").get();
      assertThat(second.getStatus().membersOrEmpty()).as("it decides no membership").isEmpty();
      assertThat(second.getStatus().quorate()).isNull();
      Await.until(
          "the active cluster is quorate",
          WAIT,
          () -> c.resources(HACluster.class).withName("e2e").get(),
          h -> h.getStatus() != null && Boolean.TRUE.equals(h.getStatus().quorate()));
      Await.until(
          "a Warning Event on e2e-second",
          WAIT,
          () ->
              c.v1().events().inAnyNamespace().list().getItems().stream()
                  .filter(e -> "e2e-second".equals(e.getInvolvedObject().getName()))
                  .map(e -> e.getReason())
                  .toList(),
          r -> r.contains("AnotherHAClusterActive"));
    } finally {
      c.resources(HACluster.class).withName("e2e-second").delete();
      c.resources(HACluster.class).withName("e2e").delete();
    }
  }
}
