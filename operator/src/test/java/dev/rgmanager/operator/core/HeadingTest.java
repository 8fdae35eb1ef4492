package dev.rgmanager.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A service moving to a node (stopping where it is, to start there next) takes that node as much as
 * its owner: another service deciding meanwhile does not take it as free. The maintenance test saw
 * an exclusive service relocating to node-1 and an ordered one failing back there start side by
 * side.
 */
class HeadingTest {
  private static ServiceFacts service(String id, boolean exclusive) {
    return new ServiceFacts(
        "ns/" + id,
        new ServicePolicy(null, true, exclusive, Recovery.RESTART, null, null, null, false),
        Desired.ENABLED,
        false,
        new ServiceStanding(null, null, null, List.of(), null));
  }

  private static ServiceFacts stoppingOn(ServiceFacts s, String owner, String heading) {
    return s.withStatus(State.STOPPING, owner, null, List.of()).withHeading(heading);
  }

  private static ClusterView view(ServiceFacts... services) {
    List<Member> members =
        List.of(
            new Member("A", true, false),
            new Member("B", true, false),
            new Member("C", true, false));
    return new ClusterView(true, NoQuorumPolicy.STOP, members, List.of(services));
  }

  @Test
  void anExclusiveServiceHeadingForANodeKeepsOthersOffIt() {
    ServiceFacts solo = stoppingOn(service("solo", true), "B", "A");
    ServiceFacts other = service("other", false);
    ClusterView v = view(solo, other);

    assertThat(v.hasExclusiveOccupant("A", other.id())).isTrue();
    assertThat(Placement.legalScore(other, "A", v)).isEqualTo(Score.ILLEGAL);
    assertThat(Placement.bestTarget(other, v, Set.of())).isEqualTo(Optional.of("C"));
    // solo itself still goes where it heads
    assertThat(Placement.legalScore(solo, "A", v)).isNotEqualTo(Score.ILLEGAL);
  }

  @Test
  void aServiceHeadingForANodeCountsThereForAnExclusiveOne() {
    ServiceFacts ledger = stoppingOn(service("ledger", false), "C", "A");
    ServiceFacts solo = service("solo", true);
    ClusterView v = view(ledger, solo);

    assertThat(v.load("A", solo.id())).isEqualTo(1);
    assertThat(v.load("A", ledger.id())).as("not against itself").isZero();
    assertThat(Placement.legalScore(solo, "A", v)).isEqualTo(Score.ILLEGAL);
    assertThat(Placement.bestTarget(solo, v, Set.of())).isEqualTo(Optional.of("B"));
  }

  @Test
  void withoutAMoveNothingElseIsTaken() {
    ServiceFacts ledger = service("ledger", false).withStatus(State.STARTED, "C", null, List.of());
    ServiceFacts solo = service("solo", true);
    ClusterView v = view(ledger, solo);
    assertThat(v.load("A", solo.id())).isZero();
    assertThat(Placement.bestTarget(solo, v, Set.of())).isEqualTo(Optional.of("A"));
  }
}
