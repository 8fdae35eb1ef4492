package dev.rgmanager.operator.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.Manifests;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A service on its domain's best node; its node's heartbeat stops, the member is lost and fenced
 * through the scripted fencer, and only then does the service start on the next node; the node
 * returns, is untainted and unfenced, and the service fails back.
 */
@ReconcilerTest
class FailoverReconcilerTest {
  private static final String MANIFESTS =
      Manifests.IN_PROCESS.cluster(true)
          + Manifests.IN_PROCESS.orderedDomain("NS")
          + Manifests.IN_PROCESS.appService("NS", "foo", "abc");

  @Test
  void aServiceStartsOnItsDomainsBestNode(LiveCluster live) {
    live.apply(MANIFESTS);
    Await.IN_PROCESS.until(
        "foo started on node-1", () -> live.where("foo"), "STARTED@node-1"::equals);
    assertThat(live.podNodes("foo")).containsExactly("node-1");
    assertThat(live.member("node-1").state()).isEqualTo(MemberState.ONLINE);
    Await.IN_PROCESS.until(
        "foo's Events",
        () -> live.eventReasons("ClusterService", "foo"),
        r -> r.containsAll(List.of("ServiceStarting", "ServiceStarted")));
  }

  @Test
  void aLostNodesServiceStartsElsewhereOnlyAfterItIsFencedAndFailsBack(LiveCluster live) {
    live.apply(MANIFESTS);
    Await.IN_PROCESS.until(
        "foo started on node-1", () -> live.where("foo"), "STARTED@node-1"::equals);
    List<LiveCluster.Placement> placed = live.watchPlacements("foo");

    // The fence device takes its time: node-1 is lost and being fenced, and foo must wait.
    live.fencer().hold("node-1");
    live.failNode("node-1");
    Await.IN_PROCESS.until(
        "node-1 being fenced",
        () -> live.member("node-1"),
        m -> m != null && m.state() == MemberState.FENCING);
    Await.IN_PROCESS.until(
        "foo waiting for node-1 to be fenced",
        () -> live.waitsForFencingOn("foo", "node-1"),
        w -> w);
    Await.IN_PROCESS.holds(
        "no copy of foo elsewhere while node-1 is being fenced",
        Duration.ofSeconds(2),
        () -> live.podNodes("foo"),
        nodes -> nodes.stream().allMatch("node-1"::equals));

    live.fencer().release("node-1");
    MemberStatus fenced =
        Await.IN_PROCESS.until(
            "node-1 fenced",
            () -> live.member("node-1"),
            m -> m.state() == MemberState.FENCED && "power".equals(m.fencedBy()));
    assertThat(fenced.fencedAt()).isNotNull();
    Await.IN_PROCESS.until(
        "foo started on node-2", () -> live.where("foo"), "STARTED@node-2"::equals);
    Await.IN_PROCESS.until(
        "node-1 tainted out of service",
        () -> live.client().nodes().withName("node-1").get().getSpec().getTaints(),
        t -> t != null && t.stream().anyMatch(x -> x.getKey().endsWith("out-of-service")));

    // The order: the device said off, then (and only then) a pod of foo appeared elsewhere.
    Instant off = live.fencer().fenced("node-1").get(0).at();
    assertThat(placed).filteredOn(p -> !"node-1".equals(p.node())).isNotEmpty();
    assertThat(placed)
        .filteredOn(p -> !"node-1".equals(p.node()))
        .allSatisfy(p -> assertThat(p.seen()).isAfter(off));
    assertThat(live.service("foo").getStatus().lastOwner()).isEqualTo("node-1");
    Await.IN_PROCESS.until(
        "the cluster's Events",
        () -> live.eventReasons("HACluster", live.clusterName()),
        r -> r.containsAll(List.of("NodeLost", "FenceStarted", "FenceSucceeded")));
    Await.IN_PROCESS.until(
        "foo's Events",
        () -> live.eventMessages("ClusterService", "foo"),
        m ->
            m.stream().anyMatch(x -> x.startsWith("WaitingForFencing"))
                && m.stream()
                    .anyMatch(
                        x ->
                            x.startsWith("ServiceRelocated")
                                && x.contains("starting on node-2 after losing node-1")));
    assertThat(live.operator().metric("rgmanager_failovers_total")).isEqualTo(1.0);

    // node-1 returns: unfenced (its device switched on), untainted, and foo fails back to it.
    live.recoverNode("node-1");
    Await.IN_PROCESS.until(
        "node-1 online", () -> live.member("node-1"), m -> m.state() == MemberState.ONLINE);
    Await.IN_PROCESS.until(
        "foo failed back to node-1", () -> live.where("foo"), "STARTED@node-1"::equals);
    assertThat(live.client().nodes().withName("node-1").get().getSpec().getTaints())
        .noneMatch(x -> x.getKey().endsWith("out-of-service"));
    Await.IN_PROCESS.until(
        "node-1's device switched on",
        () -> live.fencer().calls(),
        calls ->
            calls.stream().anyMatch(c -> c.action().equals("on") && c.node().equals("node-1")));
  }

  /**
   * A lost node is a membership question, not a failed status check: a service whose node stops
   * heartbeating is fenced away and started elsewhere, whatever its recovery policy says. The
   * controller manager marks the node's pods not Ready just after the node; a service woken by the
   * pod before its node cache has the node used to take it for its own failure (it disabled 3 of 6
   * services here), until a failed check was confirmed against the node as the API server has it.
   */
  @Test
  void aLostNodesServicesFailOverWhateverTheirRecoveryPolicy(LiveCluster live) {
    List<String> names = List.of("d1", "d2", "d3", "d4", "d5", "d6");
    StringBuilder b =
        new StringBuilder(
            Manifests.IN_PROCESS.cluster(true) + Manifests.IN_PROCESS.orderedDomain("NS"));
    names.forEach(
        n -> b.append(Manifests.IN_PROCESS.appService("NS", n, "abc", "recovery: disable")));
    live.apply(b.toString());
    for (String n : names) {
      Await.IN_PROCESS.until(
          n + " started on node-1", () -> live.where(n), "STARTED@node-1"::equals);
    }
    live.failNode("node-1");
    for (String n : names) {
      Await.IN_PROCESS.until(
          n + " failed over to node-2",
          () -> live.where(n),
          w -> w.equals("STARTED@node-2") || w.startsWith("DISABLED"));
      assertThat(live.where(n)).as(n + " after node-1 was lost").isEqualTo("STARTED@node-2");
      assertThat(live.eventReasons("ClusterService", n)).doesNotContain("StatusCheckFailed");
    }
  }
}
