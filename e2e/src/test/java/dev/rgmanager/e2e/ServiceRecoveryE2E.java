package dev.rgmanager.e2e;

import static dev.rgmanager.e2e.FencingE2E.member;
import static dev.rgmanager.e2e.FencingE2E.where;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.ControlPlane;
import dev.rgmanager.operator.testing.Manifests;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Services on real pods: the recovery policies when a status check fails (the service's pod is not
 * Ready, its container restarted, or it is gone), quorum loss and regain, and the operator's
 * Prometheus metrics along the way.
 */
@RealCluster
class ServiceRecoveryE2E {
  private static final Duration WAIT = Duration.ofSeconds(120);

  private static String domainAndServices(String ns, String... nameAndRecovery) {
    StringBuilder b = new StringBuilder(Manifests.REAL_CLUSTER.orderedDomain(ns));
    for (int i = 0; i < nameAndRecovery.length; i += 2) {
      b.append(
          Manifests.REAL_CLUSTER.appService(
              ns, nameAndRecovery[i], "abc", window(nameAndRecovery[i + 1])));
    }
    return b.toString();
  }

  /** "restart/1" = recovery restart with a window of one restart in 300 s. */
  private static String window(String recovery) {
    String[] parts = recovery.split("/");
    return parts.length == 1
        ? "recovery: " + parts[0]
        : "recovery: " + parts[0] + "\n  maxRestarts: " + parts[1] + "\n  restartExpireTime: 300s";
  }

  private static void apply(KubernetesClient c, String yaml) {
    Manifests.apply(c, yaml);
  }

  private static void killPod(KubernetesClient c, String ns, String service) {
    c.pods()
        .inNamespace(ns)
        .withName(pod(c, ns, service).getMetadata().getName())
        .withGracePeriod(0)
        .delete();
  }

  /** The service's one pod, as its kubelet reports it. */
  private static Pod pod(KubernetesClient c, String ns, String service) {
    List<Pod> pods =
        c.pods().inNamespace(ns).withLabel("rgmanager.dev/service", service).list().getItems();
    assertThat(pods).as("pods of " + service).hasSize(1);
    return pods.get(0);
  }

  /** Writes the service's pod's status, as its kubelet would. */
  private static void editPodStatus(
      KubernetesClient c, String ns, String service, UnaryOperator<Pod> change) {
    c.pods()
        .inNamespace(ns)
        .withName(pod(c, ns, service).getMetadata().getName())
        .editStatus(change);
  }

  /** The pod's readiness probe fails: the kubelet reports Ready=False (the pod keeps running). */
  private static void failReadiness(KubernetesClient c, String ns, String service) {
    editPodStatus(
        c,
        ns,
        service,
        p -> {
          p.getStatus().getConditions().stream()
              .filter(x -> x.getType().equals("Ready") || x.getType().equals("ContainersReady"))
              .forEach(x -> x.setStatus("False"));
          p.getStatus().getContainerStatuses().forEach(x -> x.setReady(false));
          return p;
        });
  }

  /** The pod's container crashed and was restarted by its kubelet. */
  private static void restartContainer(KubernetesClient c, String ns, String service) {
    editPodStatus(
        c,
        ns,
        service,
        p -> {
          p.getStatus().getContainerStatuses().forEach(x -> x.setRestartCount(1));
          return p;
        });
  }

  private static ClusterService service(KubernetesClient c, String ns, String name) {
    return c.resources(ClusterService.class).inNamespace(ns).withName(name).get();
  }

  /** "object: message" of each Event with this reason in {@code ns} (any namespace if null). */
  private static String events(KubernetesClient c, String ns, String reason) {
    var events = ns == null ? c.v1().events().inAnyNamespace() : c.v1().events().inNamespace(ns);
    return String.join(
        "\n",
        events.list().getItems().stream()
            .filter(e -> reason.equals(e.getReason()))
            .map(e -> e.getInvolvedObject().getName() + ": " + e.getMessage())
            .toList());
  }

  @Test
  void eachRecoveryPolicyAnswersAFailedStatusCheck(
      KubernetesClient c, TestNamespace ns, ControlPlane cp) throws Exception {
    apply(
        c,
        Manifests.REAL_CLUSTER.cluster(false, "noQuorumPolicy: freeze")
            + domainAndServices(
                ns.name(),
                "restarter",
                "restart",
                "mover",
                "relocate",
                "quitter",
                "disable",
                "windowed",
                "restart/1"));
    try (OperatorProcess operator = OperatorProcess.start(cp.kubeconfig(), "recovery")) {
      for (String s : List.of("restarter", "mover", "quitter", "windowed")) {
        Await.REAL_CLUSTER.until(
            s + " started on node-1", WAIT, () -> where(c, ns.name(), s), "STARTED@node-1"::equals);
      }

      // Three ways a status check fails: a pod that is not Ready, a container that restarted, a
      // pod that is gone.
      failReadiness(c, ns.name(), "restarter");
      restartContainer(c, ns.name(), "mover");
      killPod(c, ns.name(), "quitter");

      // restart: in place, and the restart is remembered in status (the restart window).
      Await.REAL_CLUSTER.until(
          "restarter restarted in place",
          WAIT,
          () -> service(c, ns.name(), "restarter"),
          s ->
              s.getStatus().state().name().equals("STARTED")
                  && "node-1".equals(s.getStatus().owner())
                  && !s.getStatus().restartsOrEmpty().isEmpty());
      // relocate: to another member. node-2 and node-3 score alike (below the best online
      // priority); the one running fewer services wins, and other tests' services may still be
      // leaving the shared cluster.
      Await.REAL_CLUSTER.until(
          "mover relocated",
          WAIT,
          () -> where(c, ns.name(), "mover"),
          w -> w.equals("STARTED@node-2") || w.equals("STARTED@node-3"));
      // disable: the service is disabled and its tree stopped.
      Await.REAL_CLUSTER.until(
          "quitter disabled",
          WAIT,
          () -> where(c, ns.name(), "quitter"),
          w -> w.startsWith("DISABLED"));
      Await.REAL_CLUSTER.until(
          "quitter has no pod",
          WAIT,
          () ->
              c
                  .pods()
                  .inNamespace(ns.name())
                  .withLabel("rgmanager.dev/service", "quitter")
                  .list()
                  .getItems()
                  .stream()
                  .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                  .count(),
          n -> n == 0);

      // A service the cluster disabled stays disabled, though spec.state says enabled, until the
      // administrator enables it.
      Await.REAL_CLUSTER.holds(
          "quitter stays disabled",
          Duration.ofSeconds(6),
          () -> where(c, ns.name(), "quitter"),
          w -> w.startsWith("DISABLED"));
      assertThat(service(c, ns.name(), "quitter").getStatus().conditionsOrEmpty())
          .anyMatch(x -> x.type().equals("HeldDisabled") && x.status().equals("True"));
      Plugin.Result enable = new Plugin(cp.kubeconfig()).run("enable", ns.name() + "/quitter");
      assertThat(enable.exit()).as(enable.toString()).isZero();
      assertThat(where(c, ns.name(), "quitter")).isEqualTo("STARTED@node-1");

      String checks = events(c, ns.name(), "StatusCheckFailed");
      assertThat(checks.lines())
          .anyMatch(l -> l.startsWith("restarter:") && l.contains("is not ready"))
          .anyMatch(l -> l.startsWith("mover:") && l.contains("restarted"))
          .anyMatch(
              l ->
                  l.startsWith("quitter:")
                      && (l.contains("is terminating") || l.contains("no pod")));
      assertThat(events(c, ns.name(), "ServiceRestarted")).contains("restarter");
      assertThat(events(c, ns.name(), "ServiceDisabled")).contains("quitter");
      assertThat(operator.logText())
          .contains("service=" + ns.name() + "/mover node=node-1 decision=status-check-failed");

      // The restart window: one restart in 300 s is tolerated; the next failure relocates.
      failReadiness(c, ns.name(), "windowed");
      Await.REAL_CLUSTER.until(
          "windowed restarted in place",
          WAIT,
          () -> service(c, ns.name(), "windowed"),
          s ->
              "STARTED@node-1".equals(where(c, ns.name(), "windowed"))
                  && s.getStatus().restartsOrEmpty().size() == 1);
      killPod(c, ns.name(), "windowed");
      // node-2 and node-3 score alike (members below the best online priority); the one running
      // fewer services wins.
      Await.REAL_CLUSTER.until(
          "windowed relocated on its second failure",
          WAIT,
          () -> where(c, ns.name(), "windowed"),
          w -> w.equals("STARTED@node-2") || w.equals("STARTED@node-3"));

      String m = operator.metricsText();
      assertThat(m)
          .contains("rgmanager_services{")
          .contains("rgmanager_quorate 1.0")
          .contains("rgmanager_members_online 3.0");
    } finally {
      c.resources(HACluster.class).withName("e2e").delete();
    }
  }

  @Test
  void losingQuorumFreezesEverythingAndRegainingItResumes(
      KubernetesClient c, TestNamespace ns, ControlPlane cp) throws Exception {
    apply(
        c,
        Manifests.REAL_CLUSTER.cluster(false, "noQuorumPolicy: freeze")
            + domainAndServices(ns.name(), "db", "restart"));
    try (OperatorProcess operator = OperatorProcess.start(cp.kubeconfig(), "quorum")) {
      Await.REAL_CLUSTER.until(
          "db started on node-1", WAIT, () -> where(c, ns.name(), "db"), "STARTED@node-1"::equals);

      // Two of three nodes are lost: one vote of three is not a quorum. node-3 is lost first,
      // while the cluster is still quorate: it is unclean and stays out until fenced or
      // acknowledged. node-2's loss dissolves quorum: nothing can have moved meanwhile, so node-2
      // may come back unfenced.
      cp.failNode("node-3");
      Await.REAL_CLUSTER.until(
          "node-3 lost while quorate",
          WAIT,
          () -> member(c, "node-3"),
          m -> m.state() != MemberState.ONLINE && Boolean.TRUE.equals(m.unclean()));
      cp.failNode("node-2");
      Await.REAL_CLUSTER.until(
          "quorum lost",
          WAIT,
          () -> c.resources(HACluster.class).withName("e2e").get(),
          h -> h.getStatus() != null && Boolean.FALSE.equals(h.getStatus().quorate()));
      // Events are written in the background: they may land just after the status.
      Await.REAL_CLUSTER.until(
          "a QuorumLost Event", WAIT, () -> events(c, null, "QuorumLost"), e -> e.contains("e2e"));

      // Inquorate: nothing is fenced, the running service stays (freeze), operations are refused.
      Await.REAL_CLUSTER.holds(
          "no member is fenced and db keeps running",
          Duration.ofSeconds(6),
          () ->
              List.of(
                  member(c, "node-2").state(),
                  member(c, "node-3").state(),
                  where(c, ns.name(), "db")),
          seen ->
              seen.get(0) != MemberState.FENCED
                  && seen.get(0) != MemberState.FENCING
                  && seen.get(1) != MemberState.FENCED
                  && seen.get(1) != MemberState.FENCING
                  && "STARTED@node-1".equals(seen.get(2)));
      Plugin.Result relocate = new Plugin(cp.kubeconfig()).run("relocate", ns.name() + "/db");
      assertThat(relocate.exit()).as(relocate.toString()).isEqualTo(1);
      assertThat(relocate.out()).contains("refused").contains("inquorate");
      assertThat(operator.metricsText()).contains("rgmanager_quorate 0.0");

      // node-2 returns: quorum regained.
      cp.recoverNode("node-2");
      Await.REAL_CLUSTER.until(
          "quorum regained",
          WAIT,
          () -> c.resources(HACluster.class).withName("e2e").get(),
          h -> h.getStatus() != null && Boolean.TRUE.equals(h.getStatus().quorate()));
      Await.REAL_CLUSTER.until(
          "a QuorumRegained Event",
          WAIT,
          () -> events(c, null, "QuorumRegained"),
          e -> !e.isEmpty());
      assertThat(where(c, ns.name(), "db")).isEqualTo("STARTED@node-1");
      assertThat(member(c, "node-2").state()).isEqualTo(MemberState.ONLINE);
      // node-3's heartbeat returns too, but it was lost while quorate and is not fenced: it
      // stays out.
      cp.recoverNode("node-3");
      Await.REAL_CLUSTER.until(
          "node-3's heartbeat seen back",
          WAIT,
          () -> member(c, "node-3"),
          m -> m.message() != null && m.message().contains("heartbeat is back"));
      Await.REAL_CLUSTER.holds(
          "node-3 stays out, unclean, though its heartbeat is back",
          Duration.ofSeconds(6),
          () -> member(c, "node-3"),
          m -> m.state() != MemberState.ONLINE && Boolean.TRUE.equals(m.unclean()));
    } finally {
      cp.recoverNode("node-2");
      cp.recoverNode("node-3");
      c.resources(HACluster.class).withName("e2e").delete();
    }
  }
}
