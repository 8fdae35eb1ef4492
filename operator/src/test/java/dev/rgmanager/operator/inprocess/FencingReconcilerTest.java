package dev.rgmanager.operator.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.AcknowledgementRecord;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.Manifests;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the operator does when fencing does not succeed: a device that keeps failing keeps the
 * service recovering and waiting, round after round; a lost member with no fence method that comes
 * back unfenced stays out; an administrator's acknowledgement releases either; a second HACluster
 * is left alone.
 */
@ReconcilerTest
class FencingReconcilerTest {
  private static final String FOO =
      Manifests.IN_PROCESS.orderedDomain("NS")
          + Manifests.IN_PROCESS.appService("NS", "foo", "abc");

  @Test
  void aFailingFenceKeepsTheServiceWaitingUntilAnAcknowledgementReleasesIt(LiveCluster live) {
    live.apply(Manifests.IN_PROCESS.cluster(true) + FOO);
    Await.IN_PROCESS.until(
        "foo started on node-1", () -> live.where("foo"), "STARTED@node-1"::equals);
    List<LiveCluster.Placement> placed = live.watchPlacements("foo");

    live.fencer().fail("node-1", "BMC 10.0.0.1 does not answer (simulated)");
    live.failNode("node-1");
    MemberStatus fencing =
        Await.IN_PROCESS.until(
            "node-1 fenced in vain, round after round",
            () -> live.member("node-1"),
            m ->
                m != null
                    && m.state() == MemberState.FENCING
                    && m.fenceAttempts() != null
                    && m.fenceAttempts() >= 2);
    assertThat(fencing.message()).contains("does not answer");
    Await.IN_PROCESS.until(
        "foo waiting for node-1 to be fenced",
        () -> live.waitsForFencingOn("foo", "node-1"),
        w -> w);
    assertThat(live.condition("foo", "WaitingForFencing").message()).contains("node-1");
    Await.IN_PROCESS.until(
        "a FenceFailed Event naming the method and the device's answer",
        () -> live.eventMessages("HACluster", live.clusterName()),
        m ->
            m.stream()
                .anyMatch(
                    x ->
                        x.startsWith("FenceFailed: node-1: method power failed")
                            && x.contains("does not answer")));
    Await.IN_PROCESS.holds(
        "foo keeps waiting on node-1 while fencing fails",
        Duration.ofSeconds(2),
        () -> List.of(live.waitsForFencingOn("foo", "node-1"), live.podNodes("foo")),
        seen ->
            Boolean.TRUE.equals(seen.get(0))
                && ((List<?>) seen.get(1)).stream().allMatch("node-1"::equals));

    // The administrator has checked that node-1 is off, and says so.
    Instant acknowledged = Instant.now();
    live.acknowledge("node-1");
    Await.IN_PROCESS.until(
        "node-1 fenced by the acknowledgement",
        () -> live.member("node-1"),
        m -> m.state() == MemberState.FENCED && "manual".equals(m.fencedBy()));
    Await.IN_PROCESS.until(
        "foo started on node-2", () -> live.where("foo"), "STARTED@node-2"::equals);
    assertThat(live.condition("foo", "WaitingForFencing").status()).isEqualTo("False");
    assertThat(placed)
        .filteredOn(p -> !"node-1".equals(p.node()))
        .allSatisfy(p -> assertThat(p.seen()).isAfter(acknowledged));
    assertThat(live.fencer().fenced("node-1")).as("the device never said off").isEmpty();
    HACluster h = live.cluster();
    assertThat(h.getStatus().acknowledgementsOrEmpty())
        .anySatisfy(
            a -> {
              assertThat(a.node()).isEqualTo("node-1");
              assertThat(a.outcome()).isEqualTo(AcknowledgementRecord.Outcome.APPLIED);
            });
  }

  @Test
  void aLostMemberWhoseHeartbeatReturnsUnfencedStaysOutAndItsServiceStartsNowhereElse(
      LiveCluster live) {
    live.apply(Manifests.IN_PROCESS.cluster(false) + FOO);
    Await.IN_PROCESS.until(
        "foo started on node-1", () -> live.where("foo"), "STARTED@node-1"::equals);
    List<LiveCluster.Placement> placed = live.watchPlacements("foo");

    live.failNode("node-1");
    Await.IN_PROCESS.until(
        "node-1 lost, unclean",
        () -> live.member("node-1"),
        m -> m.state() == MemberState.OFFLINE && Boolean.TRUE.equals(m.unclean()));
    Await.IN_PROCESS.until(
        "foo waiting for node-1 to be fenced",
        () -> live.waitsForFencingOn("foo", "node-1"),
        w -> w);

    live.recoverNode("node-1");
    Await.IN_PROCESS.until(
        "node-1's heartbeat seen back",
        () -> live.member("node-1"),
        m -> m.message() != null && m.message().contains("heartbeat is back"));
    Await.IN_PROCESS.holds(
        "node-1 stays out (unclean) and foo waits, for more than a token timeout",
        Duration.ofSeconds(5),
        () -> List.of(live.member("node-1"), live.waitsForFencingOn("foo", "node-1")),
        seen -> {
          MemberStatus m = (MemberStatus) seen.get(0);
          return m.state() == MemberState.OFFLINE
              && Boolean.TRUE.equals(m.unclean())
              && Boolean.TRUE.equals(seen.get(1));
        });
    assertThat(placed).extracting(LiveCluster.Placement::node).containsOnly("node-1");

    Instant acknowledged = Instant.now();
    live.acknowledge("node-1");
    Await.IN_PROCESS.until(
        "foo started again",
        () -> live.service("foo"),
        s -> s.getStatus() != null && "STARTED".equals(String.valueOf(s.getStatus().state())));
    assertThat(placed)
        .filteredOn(p -> !"node-1".equals(p.node()))
        .allSatisfy(p -> assertThat(p.seen()).isAfter(acknowledged));
    assertThat(live.cluster().getStatus().acknowledgementsOrEmpty())
        .anySatisfy(a -> assertThat(a.node()).isEqualTo("node-1"));
  }

  @Test
  void aSecondHAClusterIsLeftAloneAndSaysSo(LiveCluster live) {
    live.apply(Manifests.IN_PROCESS.cluster(false));
    Await.IN_PROCESS.until(
        "the cluster quorate",
        live::cluster,
        h -> h.getStatus() != null && Boolean.TRUE.equals(h.getStatus().quorate()));
    String second = live.clusterName() + "-second";
    live.apply(Manifests.IN_PROCESS.cluster(false).replace("name: CLUSTER", "name: " + second));
    HACluster ignored =
        Await.IN_PROCESS.until(
            second + " says it is ignored",
            () -> live.client().resources(HACluster.class).withName(second).get(),
            h ->
                h.getStatus() != null
                    && h.getStatus().conditionsOrEmpty().stream()
                        .anyMatch(
                            x ->
                                "Active".equals(x.type())
                                    && "False".equals(x.status())
                                    && "AnotherHAClusterActive".equals(x.reason())
                                    && x.message()
                                        .contains("HACluster " + live.clusterName() + " is the")));
    assertThat(ignored.getStatus().membersOrEmpty()).as("it decides no membership").isEmpty();
    assertThat(ignored.getStatus().quorate()).isNull();
    Await.IN_PROCESS.until(
        "a Warning Event on " + second,
        () -> live.eventReasons("HACluster", second),
        r -> r.contains("AnotherHAClusterActive"));
    assertThat(live.cluster().getStatus().quorate()).isTrue();
  }
}
