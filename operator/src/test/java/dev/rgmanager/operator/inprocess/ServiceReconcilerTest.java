package dev.rgmanager.operator.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.Manifests;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A service's own logic: what its status says when what it needs is missing, how each recovery
 * policy answers a failed status check, and the restart window, expired by moving the clock.
 */
@ReconcilerTest
class ServiceReconcilerTest {
  @Test
  void withoutAnHAClusterAServiceSaysSoAndStartsNowhere(LiveCluster live) {
    live.apply(Manifests.IN_PROCESS.appService("NS", "foo", null));
    Await.IN_PROCESS.until(
        "foo not ready: no HACluster",
        () -> live.condition("foo", "Ready"),
        c -> c != null && "False".equals(c.status()) && "NoHACluster".equals(c.reason()));
    assertThat(live.condition("foo", "Ready").message()).contains("create one");
    assertThat(live.podNodes("foo")).isEmpty();
  }

  @Test
  void aServiceNamingAMissingDomainStartsNowhereUntilTheDomainExists(LiveCluster live) {
    live.apply(
        Manifests.IN_PROCESS.cluster(false) + Manifests.IN_PROCESS.appService("NS", "foo", "abc"));
    ClusterService waiting =
        Await.IN_PROCESS.until(
            "foo says its domain is missing",
            () -> live.service("foo"),
            s ->
                s.getStatus() != null
                    && s.getStatus().message() != null
                    && s.getStatus().message().contains("failover domain abc does not exist"));
    assertThat(waiting.getStatus().owner()).isNull();
    Await.IN_PROCESS.until(
        "Valid=False naming the missing domain, and a Warning Event",
        () -> live.condition("foo", "Valid"),
        c ->
            c != null
                && "False".equals(c.status())
                && "DomainNotFound".equals(c.reason())
                && c.message().contains("failover domain abc does not exist")
                && live.eventReasons("ClusterService", "foo").contains("InvalidSpec"));
    String enable = live.request("foo", "enable", null);
    Await.IN_PROCESS.until(
        "the enable refused at once, with the reason",
        () -> live.service("foo").getStatus().lastOperation(),
        op ->
            op != null
                && enable.equals(op.id())
                && "Refused".equals(op.result())
                && op.message().contains("failover domain abc does not exist"));
    Await.IN_PROCESS.holds(
        "foo starts nowhere while its domain is missing",
        Duration.ofSeconds(2),
        () -> live.podNodes("foo"),
        List::isEmpty);

    live.apply(Manifests.IN_PROCESS.orderedDomain("NS"));
    Await.IN_PROCESS.until(
        "foo started on node-1", () -> live.where("foo"), "STARTED@node-1"::equals);
    assertThat(live.condition("foo", "Valid").status()).isEqualTo("True");
  }

  @Test
  void eachRecoveryPolicyAnswersAFailedStatusCheck(LiveCluster live) {
    live.apply(
        Manifests.IN_PROCESS.cluster(false)
            + Manifests.IN_PROCESS.orderedDomain("NS")
            + Manifests.IN_PROCESS.appService("NS", "restarter", "abc", "recovery: restart")
            + Manifests.IN_PROCESS.appService("NS", "mover", "abc", "recovery: relocate")
            + Manifests.IN_PROCESS.appService("NS", "quitter", "abc", "recovery: disable"));
    for (String s : List.of("restarter", "mover", "quitter")) {
      Await.IN_PROCESS.until(
          s + " started on node-1", () -> live.where(s), "STARTED@node-1"::equals);
    }
    live.killPod("restarter");
    live.killPod("mover");
    live.killPod("quitter");

    Await.IN_PROCESS.until(
        "restarter restarted in place, the restart remembered",
        () -> live.service("restarter"),
        s ->
            "STARTED@node-1".equals(live.where("restarter"))
                && s.getStatus().restartsOrEmpty().size() == 1);
    Await.IN_PROCESS.until(
        "mover relocated to node-2", () -> live.where("mover"), "STARTED@node-2"::equals);
    Await.IN_PROCESS.until(
        "quitter disabled", () -> live.where("quitter"), w -> w.startsWith("DISABLED"));
    Await.IN_PROCESS.until("quitter has no pod", () -> live.podNodes("quitter"), List::isEmpty);

    // The cluster, not the administrator, disabled quitter: it is held disabled until enabled.
    assertThat(live.condition("quitter", "HeldDisabled").status()).isEqualTo("True");
    Await.IN_PROCESS.holds(
        "quitter stays disabled",
        Duration.ofSeconds(2),
        () -> live.where("quitter"),
        w -> w.startsWith("DISABLED"));
    String id = live.request("quitter", "enable", null);
    Await.IN_PROCESS.until(
        "quitter enabled and started on node-1",
        () -> live.service("quitter"),
        s ->
            "STARTED@node-1".equals(live.where("quitter"))
                && s.getStatus().lastOperation() != null
                && id.equals(s.getStatus().lastOperation().id()));
    Await.IN_PROCESS.until(
        "the status checks' Events",
        () ->
            List.of(
                live.eventReasons("ClusterService", "restarter"),
                live.eventReasons("ClusterService", "quitter")),
        r ->
            r.get(0).containsAll(List.of("StatusCheckFailed", "ServiceRestarted"))
                && r.get(1).containsAll(List.of("StatusCheckFailed", "ServiceDisabled")));
  }

  @Test
  void aRestartOutsideTheWindowIsForgottenWhenTheClockPassesIt(LiveCluster live) {
    // A token far longer than the clock is moved: heartbeats are stamped on the operator's clock
    // as they are seen, so a jump past the token would make every member look lost.
    live.apply(
        Manifests.IN_PROCESS.cluster(false, "tokenTimeout: 1h")
            + Manifests.IN_PROCESS.orderedDomain("NS")
            + Manifests.IN_PROCESS.appService(
                "NS",
                "windowed",
                "abc",
                "recovery: restart",
                "maxRestarts: 1",
                "restartExpireTime: 300s"));
    Await.IN_PROCESS.until(
        "windowed started on node-1", () -> live.where("windowed"), "STARTED@node-1"::equals);

    live.killPod("windowed");
    Await.IN_PROCESS.until(
        "windowed restarted in place (one restart tolerated)",
        () -> live.service("windowed"),
        s ->
            "STARTED@node-1".equals(live.where("windowed"))
                && s.getStatus().restartsOrEmpty().size() == 1);

    // 301 s later, that restart is out of the window: the next failure restarts in place again.
    String first = live.service("windowed").getStatus().restartsOrEmpty().get(0);
    live.clock().advance(Duration.ofSeconds(301));
    live.killPod("windowed");
    Await.IN_PROCESS.until(
        "windowed restarted in place again, the old restart forgotten",
        () -> live.service("windowed"),
        s ->
            "STARTED@node-1".equals(live.where("windowed"))
                && s.getStatus().restartsOrEmpty().size() == 1
                && !s.getStatus().restartsOrEmpty().contains(first));

    // Within the window, a second failure is one too many: relocated.
    live.killPod("windowed");
    Await.IN_PROCESS.until(
        "windowed relocated on its second failure within the window",
        () -> live.where("windowed"),
        "STARTED@node-2"::equals);
  }

  /**
   * An operation request (an annotation, no spec change) wakes its service at once, as clusvcadm
   * acts at once: with a status interval of ten minutes, the relocation is done long before the
   * next status check would have seen the request.
   */
  @Test
  void anOperationRequestIsActedOnAtOnceNotAtTheNextStatusCheck(LiveCluster live) {
    live.apply(
        Manifests.IN_PROCESS.cluster(false)
            + Manifests.IN_PROCESS.orderedDomain("NS")
            + Manifests.IN_PROCESS.appService("NS", "mover", "abc", "statusInterval: 10m"));
    Await.IN_PROCESS.until(
        "mover started on node-1", () -> live.where("mover"), "STARTED@node-1"::equals);
    String id = live.request("mover", "relocate", "node-2");
    Await.IN_PROCESS.until(
        "the relocation requested, acted on",
        () -> live.service("mover"),
        s ->
            s.getStatus().lastOperation() != null
                && id.equals(s.getStatus().lastOperation().id())
                && "STARTED@node-2".equals(live.where("mover")));
  }

  /**
   * Exclusive services that decide at the same moment (the cluster becomes quorate under all of
   * them at once) never share a node, not even for the moment of a start: each decision stands in
   * the shared view before its status is written, and decisions are taken one at a time.
   */
  @Test
  void exclusiveServicesDecidingAtOnceNeverShareANode(LiveCluster live) {
    List<String> shared = live.watchSharedNodes();
    StringBuilder manifests = new StringBuilder(Manifests.IN_PROCESS.cluster(false));
    List<String> names = List.of("solo-a", "solo-b", "solo-c");
    for (String name : names) {
      manifests.append(Manifests.IN_PROCESS.appService("NS", name, null, "exclusive: true"));
    }
    live.apply(manifests.toString());
    Await.IN_PROCESS.until(
        "the three exclusive services started, one per node",
        () -> names.stream().map(live::where).toList(),
        w ->
            w.stream().allMatch(x -> x.startsWith("STARTED@"))
                && new HashSet<>(w).size() == names.size());
    assertThat(shared).as("moments two exclusive services occupied one node").isEmpty();
  }
}
