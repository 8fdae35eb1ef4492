package dev.rgmanager.operator.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.Manifests;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Quorum: two of three members lost is no quorum; nothing is fenced, the running service stays
 * (noQuorumPolicy freeze) and operations are refused; one member back regains it; the member lost
 * while the cluster was quorate stays out, unclean.
 */
@ReconcilerTest
class QuorumReconcilerTest {
  @Test
  void losingQuorumFreezesEverythingAndRegainingItResumes(LiveCluster live) {
    live.apply(
        Manifests.IN_PROCESS.cluster(true, "noQuorumPolicy: freeze")
            + Manifests.IN_PROCESS.orderedDomain("NS")
            + Manifests.IN_PROCESS.appService("NS", "db", "abc"));
    Await.IN_PROCESS.until(
        "db started on node-1", () -> live.where("db"), "STARTED@node-1"::equals);

    // node-3 is lost first, while quorate, and fencing it fails: it stays unclean. Then node-2's
    // loss dissolves quorum.
    live.fencer().fail("node-3", "no answer (simulated)");
    live.failNode("node-3");
    Await.IN_PROCESS.until(
        "node-3 lost while quorate",
        () -> live.member("node-3"),
        m -> m.state() != MemberState.ONLINE && Boolean.TRUE.equals(m.unclean()));
    live.failNode("node-2");
    Await.IN_PROCESS.until(
        "quorum lost",
        live::cluster,
        h -> h.getStatus() != null && Boolean.FALSE.equals(h.getStatus().quorate()));
    Await.IN_PROCESS.until(
        "a QuorumLost Event",
        () -> live.eventReasons("HACluster", live.clusterName()),
        r -> r.contains("QuorumLost"));
    int callsAtQuorumLoss = live.fencer().calls().size();

    Await.IN_PROCESS.holds(
        "inquorate: nothing fenced, db keeps running on node-1",
        Duration.ofSeconds(3),
        () -> List.of(live.member("node-2"), live.member("node-3"), live.where("db")),
        seen ->
            ((MemberStatus) seen.get(0)).state() != MemberState.FENCED
                && ((MemberStatus) seen.get(0)).state() != MemberState.FENCING
                && ((MemberStatus) seen.get(1)).state() != MemberState.FENCED
                && ((MemberStatus) seen.get(1)).state() != MemberState.FENCING
                && "STARTED@node-1".equals(seen.get(2)));
    assertThat(live.fencer().fenced("node-2")).isEmpty();
    assertThat(live.fencer().calls().stream().filter(c -> c.node().equals("node-2")))
        .as("node-2, lost when quorum went, is never fenced")
        .isEmpty();
    String id = live.request("db", "relocate", "node-2");
    Await.IN_PROCESS.until(
        "the relocation refused: inquorate",
        () -> live.service("db").getStatus().lastOperation(),
        op ->
            op != null
                && id.equals(op.id())
                && "Refused".equals(op.result())
                && op.message().contains("inquorate"));
    assertThat(live.operator().metric("rgmanager_quorate")).isEqualTo(0.0);
    assertThat(live.fencer().calls()).hasSizeLessThanOrEqualTo(callsAtQuorumLoss + 1);

    live.recoverNode("node-2");
    Await.IN_PROCESS.until(
        "quorum regained",
        live::cluster,
        h -> h.getStatus() != null && Boolean.TRUE.equals(h.getStatus().quorate()));
    Await.IN_PROCESS.until(
        "a QuorumRegained Event",
        () -> live.eventReasons("HACluster", live.clusterName()),
        r -> r.contains("QuorumRegained"));
    assertThat(live.where("db")).isEqualTo("STARTED@node-1");
    assertThat(live.member("node-2").state()).isEqualTo(MemberState.ONLINE);
    assertThat(live.operator().metric("rgmanager_quorate")).isEqualTo(1.0);
  }
}
