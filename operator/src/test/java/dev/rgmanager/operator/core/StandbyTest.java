package dev.rgmanager.operator.core;

import static dev.rgmanager.operator.core.CoreFixtures.T0;
import static dev.rgmanager.operator.core.CoreFixtures.domain;
import static dev.rgmanager.operator.core.CoreFixtures.service;
import static dev.rgmanager.operator.core.CoreFixtures.started;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A member in standby (its node cordoned) runs nothing new: nothing starts or fails back there, the
 * services it runs move to the next legal member, and one that nowhere else can run stays.
 */
class StandbyTest {
  private static final Instant JOINED = T0.minusSeconds(3600);

  /** Members A, B, C online since long before the service moved; those in {@code standby} so. */
  private static ClusterView view(Set<String> standby, ServiceFacts... services) {
    List<Member> members = new ArrayList<>();
    for (String n : List.of("A", "B", "C")) {
      members.add(new Member(n, true, false, JOINED, standby.contains(n)));
    }
    return new ClusterView(true, NoQuorumPolicy.STOP, members, List.of(services));
  }

  private static ServiceFacts running(String id, boolean exclusive, String owner) {
    return new ServiceFacts(
        id,
        new ServicePolicy(null, true, exclusive, Recovery.RESTART, null, null, null, false),
        Desired.ENABLED,
        false,
        new ServiceStanding(State.STARTED, owner, null, List.of(), null));
  }

  private static Decision evaluate(ServiceFacts s, ClusterView view) {
    return ServiceEngine.decide(s, view, Trigger.evaluate(), T0);
  }

  @Test
  void aServiceOnAMemberInStandbyMovesToTheNextNodeOfItsDomain() {
    ServiceFacts s = started(service(domain(true, true, false)), "A");
    Decision d = evaluate(s, view(Set.of("A"), s));
    assertThat(d).isInstanceOf(Decision.Stop.class);
    Decision.Stop stop = (Decision.Stop) d;
    assertThat(stop.then()).as("a move, not a stop").isNull();
    assertThat(stop.thenNode()).isEqualTo("B");
    assertThat(stop.restart()).as("a move is no restart").isFalse();
    assertThat(stop.reason()).isEqualTo("A is in standby: moving to B");
  }

  @Test
  void withoutAStandbyTheSameServiceStays() {
    ServiceFacts s = started(service(domain(true, true, false)), "A");
    assertThat(evaluate(s, view(Set.of(), s))).isInstanceOf(Decision.Keep.class);
  }

  @Test
  void nothingStartsOnAMemberInStandbyEvenItsDomainsFirstChoice() {
    ServiceFacts s = service(domain(true, true, false));
    Decision d = evaluate(s, view(Set.of("A"), s));
    assertThat(d).isInstanceOf(Decision.Start.class);
    assertThat(((Decision.Start) d).node()).isEqualTo("B");
  }

  @Test
  void aServiceNoOtherMemberCanRunStaysWhereItIsAndSaysWhy() {
    ServiceFacts s =
        started(
            service(
                new FailoverRules("only-a", false, true, false, java.util.Map.of("A", 1), false)),
            "A");
    Decision d = evaluate(s, view(Set.of("A"), s));
    assertThat(d).as("a standby never causes an outage").isInstanceOf(Decision.Keep.class);
    assertThat(d.reason())
        .isEqualTo(
            "A is in standby, but no other node can run ns/svc: it stays on A until one can");
  }

  @Test
  void aStoppedServiceWhoseOnlyNodeIsInStandbyWaitsNamingIt() {
    ServiceFacts s =
        service(new FailoverRules("only-a", false, true, false, java.util.Map.of("A", 1), false));
    Decision d = evaluate(s, view(Set.of("A"), s));
    assertThat(d).isInstanceOf(Decision.Mark.class);
    assertThat(d.reason()).contains("(in standby: A)");
  }

  @Test
  void leavingStandbyCountsAsJoiningForFailback() {
    ServiceFacts moved =
        service(domain(true, true, false))
            .withStatus(State.STARTED, "B", "A", List.of())
            .since(T0.minusSeconds(60));
    // A has been online all along, but it left standby after the service moved: it is back.
    List<Member> members =
        List.of(
            new Member("A", true, false, T0.minusSeconds(5), false),
            new Member("B", true, false, JOINED, false),
            new Member("C", true, false, JOINED, false));
    Decision d =
        evaluate(moved, new ClusterView(true, NoQuorumPolicy.STOP, members, List.of(moved)));
    assertThat(d).isInstanceOf(Decision.Stop.class);
    assertThat(((Decision.Stop) d).thenNode()).isEqualTo("A");
    assertThat(d.reason()).startsWith("failback");
  }

  @Test
  void aFailedStatusCheckOnAMemberInStandbyRestartsElsewhereNotInPlace() {
    ServiceFacts s = started(service(domain(true, true, false)), "A");
    Decision d =
        ServiceEngine.decide(s, view(Set.of("A"), s), Trigger.statusCheckFailed("pod gone"), T0);
    assertThat(d).isInstanceOf(Decision.Stop.class);
    assertThat(((Decision.Stop) d).thenNode()).isEqualTo("B");
    assertThat(d.reason()).contains("A is in standby, restarting on B");
  }

  @Test
  void anOperationNamingAMemberInStandbyIsRefusedWithTheReason() {
    ServiceFacts s = started(service(domain(false, false, false)), "B");
    Decision d =
        ServiceEngine.decide(
            s, view(Set.of("A"), s), Trigger.operation(Operation.RELOCATE, "A"), T0);
    assertThat(d).isInstanceOf(Decision.Refuse.class);
    assertThat(d.reason()).contains("A is in standby (cordoned)");
  }

  @Test
  void anExclusiveServiceMovesOnlyToAnEmptyMember() {
    ServiceFacts other = running("ns/other", false, "B");
    ServiceFacts ex = running("ns/ex", true, "A");
    Decision d = evaluate(ex, view(Set.of("A"), ex, other));
    assertThat(d).isInstanceOf(Decision.Stop.class);
    assertThat(((Decision.Stop) d).thenNode()).isEqualTo("C");
  }
}
