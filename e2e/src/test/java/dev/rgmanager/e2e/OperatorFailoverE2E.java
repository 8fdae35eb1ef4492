package dev.rgmanager.e2e;

import static dev.rgmanager.e2e.FencingE2E.loseAndAcknowledge;
import static dev.rgmanager.e2e.FencingE2E.member;
import static dev.rgmanager.e2e.FencingE2E.where;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ApiConstants;
import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.ControlPlane;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Operator high availability: two operator replicas, one leader. The leader is killed in the middle
 * of a failover, right after it recorded the transition in status; the other replica takes the
 * Lease over and finishes exactly that transition. node-2, where the service goes, is held (its
 * pods stay Pending) until the leader is dead, so the kill always lands mid-failover. Throughout, a
 * watcher checks the safety promise: no pod of the service runs away from the lost node before that
 * node is fenced, and never more than one does.
 */
@RealCluster
class OperatorFailoverE2E {
  private static final Duration WAIT = Duration.ofSeconds(120);

  private static boolean leads(OperatorProcess p) {
    try {
      return p.logText().contains("Started event processing for controller: clusterservice");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The seed's service foo (ordered domain, node-1 first) and the cluster "e2e". */
  private static void applyFoo(KubernetesClient c, String ns) {
    c.load(new ByteArrayInputStream(FailoverE2E.manifests(ns).getBytes(StandardCharsets.UTF_8)))
        .items()
        .forEach(o -> c.resource(o).serverSideApply());
  }

  /** Waits until foo runs on node-1 and one of the two replicas leads; returns the leader. */
  private static OperatorProcess leaderOnceFooStarted(
      KubernetesClient c, String ns, OperatorProcess a, OperatorProcess b) {
    Await.REAL_CLUSTER.until(
        "foo started on node-1", WAIT, () -> where(c, ns, "foo"), "STARTED@node-1"::equals);
    return Await.REAL_CLUSTER.until(
        "a leader", WAIT, () -> leads(a) ? a : leads(b) ? b : null, p -> p != null);
  }

  /** Where in the failover the leader dies. */
  enum KillPoint {
    /** The lost node is recorded fenced; the service has not been decided yet. */
    NODE_FENCED,
    /** The failover's start on node-2 is recorded in status, nothing started yet. */
    TRANSITION_RECORDED,
    /** Part of the tree already runs on node-2 (its pod exists), the rest does not yet. */
    TREE_PARTLY_STARTED
  }

  private static boolean reached(KubernetesClient c, String ns, KillPoint point) {
    ClusterService s = c.resources(ClusterService.class).inNamespace(ns).withName("foo").get();
    var st = s == null ? null : s.getStatus();
    return switch (point) {
      case NODE_FENCED -> {
        MemberStatus m = member(c, "node-1");
        yield m != null && m.state() == MemberState.FENCED;
      }
      case TRANSITION_RECORDED ->
          st != null && st.transition() != null && "node-2".equals(st.transition().node());
      case TREE_PARTLY_STARTED ->
          st != null
              && st.transition() != null
              && "node-2".equals(st.transition().node())
              && c
                  .pods()
                  .inNamespace(ns)
                  .withLabel("rgmanager.dev/service", "foo")
                  .list()
                  .getItems()
                  .stream()
                  .anyMatch(p -> "node-2".equals(p.getSpec().getNodeName()));
    };
  }

  @Test
  void aLeaderStoppedLikeAPodExitsAndTheStandbyTakesOver(
      KubernetesClient c, TestNamespace ns, ControlPlane cp) throws Exception {
    applyFoo(c, ns.name());
    try (OperatorProcess a = OperatorProcess.start(cp.kubeconfig(), "stop-a");
        OperatorProcess b = OperatorProcess.start(cp.kubeconfig(), "stop-b")) {
      OperatorProcess leader = leaderOnceFooStarted(c, ns.name(), a, b);
      OperatorProcess standby = leader == a ? b : a;

      // A rolling upgrade or a drained node: the kubelet sends SIGTERM and waits its grace period.
      assertThat(leader.stop(Duration.ofSeconds(20)))
          .as("the leader ends on SIGTERM within the grace period")
          .isTrue();
      Await.REAL_CLUSTER.until("the standby takes over", WAIT, () -> leads(standby), l -> l);

      // The new leader acts: foo moves to node-2 on request.
      c.resources(ClusterService.class)
          .inNamespace(ns.name())
          .withName("foo")
          .edit(
              s -> {
                s.getMetadata()
                    .setAnnotations(
                        Map.of(
                            ApiConstants.OPERATION_ANNOTATION,
                            "{\"id\":\"after-stop\",\"op\":\"relocate\",\"node\":\"node-2\"}"));
                return s;
              });
      Await.REAL_CLUSTER.until(
          "foo relocated to node-2 by the new leader",
          WAIT,
          () -> where(c, ns.name(), "foo"),
          "STARTED@node-2"::equals);
      assertThat(standby.stop(Duration.ofSeconds(20)))
          .as("the new leader ends on SIGTERM too")
          .isTrue();
    } finally {
      c.resources(HACluster.class).withName("e2e").delete();
    }
  }

  @Test
  void aLeaderThatLosesItsLeaseExits(KubernetesClient c, TestNamespace ns, ControlPlane cp)
      throws Exception {
    applyFoo(c, ns.name());
    var lease = c.leases().inNamespace("rgmanager-system").withName("rgmanager-operator-leader");
    try (OperatorProcess leader = OperatorProcess.start(cp.kubeconfig(), "deposed")) {
      leaderOnceFooStarted(c, ns.name(), leader, leader);

      // Another replica holds the Lease now (as after a partition that outlasted the renew
      // deadline): the old leader must stop acting and exit, not go on beside it.
      lease.edit(
          l -> {
            l.getSpec().setHolderIdentity("another-replica");
            l.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
            l.getSpec().setLeaseDurationSeconds(60);
            return l;
          });
      Await.REAL_CLUSTER.until(
          "the deposed leader exits", Duration.ofSeconds(40), leader::exited, e -> e);
      assertThat(leader.logText()).contains("leader=stopped");
    } finally {
      lease.delete();
    }
  }

  @ParameterizedTest(name = "killed when {0}")
  @EnumSource(KillPoint.class)
  void aLeaderKilledMidFailoverIsReplacedAndTheServiceStartsOnce(
      KillPoint point, KubernetesClient c, TestNamespace ns, ControlPlane cp) throws Exception {
    applyFoo(c, ns.name());
    List<String> violations = new CopyOnWriteArrayList<>();
    AtomicBoolean watching = new AtomicBoolean(true);
    Thread watcher =
        new Thread(
            () -> {
              while (watching.get()) {
                try {
                  List<Pod> away =
                      c
                          .pods()
                          .inNamespace(ns.name())
                          .withLabel("rgmanager.dev/service", "foo")
                          .list()
                          .getItems()
                          .stream()
                          .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                          .filter(p -> !"node-1".equals(p.getSpec().getNodeName()))
                          .toList();
                  MemberStatus lost = member(c, "node-1");
                  if (!away.isEmpty() && (lost == null || lost.state() != MemberState.FENCED)) {
                    violations.add(
                        Instant.now()
                            + ": pod on "
                            + away.get(0).getSpec().getNodeName()
                            + " while node-1 is "
                            + (lost == null ? "unknown" : lost.state()));
                  }
                  if (away.size() > 1) {
                    violations.add(Instant.now() + ": " + away.size() + " pods away from node-1");
                  }
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  // The API server may be briefly busy; the next round looks again.
                }
              }
            });
    try (OperatorProcess a = OperatorProcess.start(cp.kubeconfig(), "replica-a");
        OperatorProcess b = OperatorProcess.start(cp.kubeconfig(), "replica-b")) {
      OperatorProcess leader = leaderOnceFooStarted(c, ns.name(), a, b);
      OperatorProcess standby = leader == a ? b : a;
      assertThat(leads(standby)).as("only one replica acts").isFalse();
      watcher.start();

      // node-2 stays online but runs no pod until it is released: the failover cannot complete
      // before the leader is killed, however fast the operator is.
      try (HeldNode held = HeldNode.hold(c, cp, "node-2")) {
        loseAndAcknowledge(c, cp, "node-1");

        // Kill the leader at the chosen point of the failover, before it completes.
        Await.REAL_CLUSTER.until(
            "the failover reaches " + point, WAIT, () -> reached(c, ns.name(), point), r -> r);
        leader.kill();
        assertThat(where(c, ns.name(), "foo")).isNotEqualTo("STARTED@node-2");
      }

      Await.REAL_CLUSTER.until("the standby takes over", WAIT, () -> leads(standby), l -> l);
      Await.REAL_CLUSTER.until(
          "foo started on node-2 by the new leader",
          WAIT,
          () -> where(c, ns.name(), "foo"),
          "STARTED@node-2"::equals);
      assertThat(standby.logText()).contains("service=" + ns.name() + "/foo node=node-2");
      Await.REAL_CLUSTER.holds(
          "foo stays on node-2 alone",
          Duration.ofSeconds(5),
          () ->
              FailoverE2E.readyPods(c, ns.name()).stream()
                  .map(p -> p.getSpec().getNodeName())
                  .toList(),
          nodes -> nodes.equals(List.of("node-2")));
      assertThat(violations).isEmpty();
    } finally {
      watching.set(false);
      watcher.interrupt();
      cp.recoverNode("node-1");
      c.resources(HACluster.class).withName("e2e").delete();
    }
  }
}
