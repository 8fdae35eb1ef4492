package dev.rgmanager.operator.core;

import static dev.rgmanager.operator.core.CoreFixtures.T0;
import static dev.rgmanager.operator.core.CoreFixtures.cluster;
import static dev.rgmanager.operator.core.CoreFixtures.domain;
import static dev.rgmanager.operator.core.CoreFixtures.service;
import static dev.rgmanager.operator.core.CoreFixtures.set;
import static dev.rgmanager.operator.core.CoreFixtures.started;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The behaviour examples of the seed (RHEL 6 HA Add-On overview, 3.1.1), as semantics.md lists
 * them.
 */
class SeedBehaviourTest {
  private static ServiceFacts settle(ServiceFacts s, ClusterView view) {
    ServiceFacts cur = s;
    for (int i = 0; i < 5; i++) {
      Decision d = ServiceEngine.decide(cur, rebuild(view, cur), Trigger.evaluate(), T0);
      ServiceFacts next = InstantOutcome.apply(cur, d, T0);
      if (next.equals(cur)) {
        return cur;
      }
      cur = next;
    }
    return cur;
  }

  private static ClusterView rebuild(ClusterView view, ServiceFacts s) {
    return new ClusterView(
        view.quorate(), view.noQuorumPolicy(), view.members(), java.util.List.of(s));
  }

  private static ServiceFacts run(FailoverRules d, Set<String> online) {
    return settle(service(d), cluster(online));
  }

  @Test
  void orderedRestrictedRunsOnA() {
    assertThat(run(domain(true, true, false), set("A", "B", "C", "D")).owner()).isEqualTo("A");
  }

  @Test
  void orderedRestrictedWithABCOfflineIsStopped() {
    ServiceFacts s = run(domain(true, true, false), set("D", "E", "F", "G"));
    assertThat(s.state()).isEqualTo(State.STOPPED);
    assertThat(s.owner()).isNull();
  }

  @Test
  void orderedRestrictedFailbackMovesBackToA() {
    ServiceFacts onC = started(service(domain(true, true, false)), "C");
    assertThat(settle(onC, cluster(set("A", "B", "C"))).owner()).isEqualTo("A");
  }

  @Test
  void orderedRestrictedNofailbackStartsOnAWhenQuorumForms() {
    assertThat(run(domain(true, true, true), set("A", "B", "C")).owner()).isEqualTo("A");
  }

  @Test
  void orderedRestrictedNofailbackStaysOnCThenGoesToAIfCFails() {
    ServiceFacts onC = started(service(domain(true, true, true)), "C");
    ServiceFacts s = settle(onC, cluster(set("A", "B", "C")));
    assertThat(s.owner()).isEqualTo("C");
    ServiceFacts after = settle(s, cluster(set("A", "B"), set("C"), true));
    assertThat(after.owner()).isEqualTo("A");
  }

  @Test
  void unorderedRestrictedRunsOnAMember() {
    assertThat(run(domain(false, true, false), set("C", "D", "E")).owner()).isEqualTo("C");
    assertThat(run(domain(false, true, false), set("B", "G")).owner()).isEqualTo("B");
  }

  @Test
  void unorderedRestrictedStaysOnBWhenAnotherMemberJoins() {
    ServiceFacts onB = started(service(domain(false, true, false)), "B");
    assertThat(settle(onB, cluster(set("A", "B", "C"))).owner()).isEqualTo("B");
  }

  @Test
  void orderedUnrestrictedRunsElsewhereWhenNoMemberIsOnline() {
    assertThat(run(domain(true, false, false), set("D", "E")).owner()).isIn("D", "E", "F", "G");
  }

  @Test
  void orderedUnrestrictedFailbackFromDToBThenA() {
    ServiceFacts onD = started(service(domain(true, false, false)), "D");
    ServiceFacts s = settle(onD, cluster(set("B", "D", "E")));
    assertThat(s.owner()).isEqualTo("B");
    assertThat(settle(s, cluster(set("A", "B", "D", "E"))).owner()).isEqualTo("A");
  }

  @Test
  void orderedUnrestrictedNofailbackStaysOnBWhenAJoins() {
    ServiceFacts s = run(domain(true, false, true), set("B", "D"));
    assertThat(s.owner()).isEqualTo("B");
    assertThat(settle(s, cluster(set("A", "B", "D"))).owner()).isEqualTo("B");
  }

  @Test
  void unorderedUnrestrictedRunsOnAMemberAndDoesNotMove() {
    ServiceFacts s = run(domain(false, false, false), set("B", "D", "E"));
    assertThat(s.owner()).isEqualTo("B");
    assertThat(settle(s, cluster(set("A", "B", "C", "D"))).owner()).isEqualTo("B");
  }
}
