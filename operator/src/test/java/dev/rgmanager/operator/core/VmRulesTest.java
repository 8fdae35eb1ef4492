package dev.rgmanager.operator.core;

import static dev.rgmanager.operator.core.CoreFixtures.T0;
import static dev.rgmanager.operator.core.CoreFixtures.domain;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The seed's VM rules: a VM that is the whole service migrates (by request, and when it fails
 * back); a VM inside a larger tree cannot; a VM found running is tracked (adopted where it runs,
 * never started twice), and one found in two places is said loudly and left alone.
 */
class VmRulesTest {
  private static final Instant LONG_AGO = T0.minusSeconds(3600);

  private static ServiceFacts vm(VmKind kind, State state, String owner, Set<String> seenOn) {
    return new ServiceFacts(
            "ns/guest",
            new ServicePolicy(
                domain(true, true, false),
                true,
                false,
                Recovery.RELOCATE,
                null,
                null,
                null,
                DependMode.HARD,
                kind),
            Desired.ENABLED,
            false,
            new ServiceStanding(state, owner, null, List.of(), LONG_AGO))
        .withVm(new VmStanding(seenOn, null));
  }

  /** A, B, C online; {@code joinedAt} is when each joined (null: long ago). */
  private static ClusterView view(Instant joinedA, ServiceFacts s) {
    List<Member> members = new ArrayList<>();
    for (String n : List.of("A", "B", "C")) {
      members.add(
          new Member(
              n,
              true,
              false,
              n.equals("A") && joinedA != null ? joinedA : LONG_AGO.minusSeconds(60),
              false));
    }
    return new ClusterView(true, NoQuorumPolicy.STOP, members, List.of(s));
  }

  private static ClusterView lostA(ServiceFacts s, boolean fenced) {
    List<Member> members =
        List.of(
            new Member("A", false, fenced),
            new Member("B", true, false),
            new Member("C", true, false));
    return new ClusterView(true, NoQuorumPolicy.STOP, members, List.of(s));
  }

  private static Decision op(ServiceFacts s, ClusterView view, Operation op, String node) {
    return ServiceEngine.decide(s, view, Trigger.operation(op, node), T0);
  }

  private static Decision evaluate(ServiceFacts s, ClusterView view) {
    return ServiceEngine.decide(s, view, Trigger.evaluate(), T0);
  }

  @Test
  void migrateMovesAWholeServiceVmToTheNamedNode() {
    ServiceFacts s = vm(VmKind.SERVICE, State.STARTED, "A", Set.of("A"));
    Decision d = op(s, view(null, s), Operation.MIGRATE, "C");
    assertThat(d)
        .isEqualTo(new Decision.Migrate("C", "migrate to C requested by the administrator"));
  }

  @Test
  void migrateWithoutANodeGoesToTheBestOtherLegalNode() {
    ServiceFacts s = vm(VmKind.SERVICE, State.STARTED, "A", Set.of("A"));
    assertThat(op(s, view(null, s), Operation.MIGRATE, null))
        .isEqualTo(
            new Decision.Migrate("B", "migrate requested by the administrator: migrating to B"));
  }

  @Test
  void aVmInsideALargerTreeCannotMigrate() {
    ServiceFacts s = vm(VmKind.IN_TREE, State.STARTED, "A", Set.of("A"));
    Decision d = op(s, view(null, s), Operation.MIGRATE, "B");
    assertThat(d).isInstanceOf(Decision.Refuse.class);
    assertThat(d.reason())
        .contains("inside a larger tree, which cannot migrate")
        .contains("relocate");
  }

  @Test
  void aServiceWithoutAVmCannotMigrate() {
    ServiceFacts s = vm(VmKind.NONE, State.STARTED, "A", Set.of());
    assertThat(op(s, view(null, s), Operation.MIGRATE, "B").reason())
        .isEqualTo("migrate is only for VM services: relocate ns/guest instead");
  }

  @Test
  void migrateToTheOwnerOrOutsideTheRestrictedDomainIsRefusedWithTheReason() {
    ServiceFacts s = vm(VmKind.SERVICE, State.STARTED, "A", Set.of("A"));
    assertThat(op(s, view(null, s), Operation.MIGRATE, "A").reason())
        .isEqualTo("ns/guest already runs on A");
    assertThat(op(s, view(null, s), Operation.MIGRATE, "D").reason())
        .isEqualTo("D is not an online member");
  }

  @Test
  void failbackOfAVmIsAMigrationAndOfAnythingElseAStopThenStart() {
    ServiceFacts guest = vm(VmKind.SERVICE, State.STARTED, "B", Set.of("B"));
    Decision d = evaluate(guest, view(T0.minusSeconds(5), guest));
    assertThat(d).isEqualTo(new Decision.Migrate("A", "failback: migrating to A"));

    ServiceFacts tree = vm(VmKind.IN_TREE, State.STARTED, "B", Set.of("B"));
    Decision stop = evaluate(tree, view(T0.minusSeconds(5), tree));
    assertThat(stop).isInstanceOf(Decision.Stop.class);
    assertThat(((Decision.Stop) stop).thenNode()).isEqualTo("A");
  }

  @Test
  void aFailedMigrationIsNotTriedAgainByFailback() {
    ServiceFacts guest =
        vm(VmKind.SERVICE, State.STARTED, "B", Set.of("B"))
            .withVm(new VmStanding(Set.of("B"), "A"));
    Decision d = evaluate(guest, view(T0.minusSeconds(5), guest));
    assertThat(d).isInstanceOf(Decision.Keep.class);
    assertThat(d.reason())
        .isEqualTo(
            "failback: the last migration to A failed, so ns/guest stays on B (migrate it to try"
                + " again)");
    // The administrator may still ask for it.
    assertThat(op(guest, view(T0.minusSeconds(5), guest), Operation.MIGRATE, "A"))
        .isInstanceOf(Decision.Migrate.class);
  }

  @Test
  void aVmFoundRunningWhenEnabledIsAdoptedThereNotStartedTwice() {
    ServiceFacts s = vm(VmKind.SERVICE, State.STOPPED, null, Set.of("C"));
    assertThat(evaluate(s, view(null, s)))
        .isEqualTo(
            new Decision.Adopt(
                "C", "found already running on C: marked started there, not started twice"));
    assertThat(
            op(
                s.withStatus(State.DISABLED, null, null, List.of()),
                view(null, s),
                Operation.ENABLE,
                null))
        .isInstanceOf(Decision.Adopt.class);
    Decision named =
        op(
            s.withStatus(State.DISABLED, null, null, List.of()),
            view(null, s),
            Operation.ENABLE,
            "A");
    assertThat(named).isInstanceOf(Decision.Refuse.class);
    assertThat(named.reason()).contains("already runs on C");
  }

  @Test
  void aVmMovedBehindTheClustersBackIsFollowed() {
    ServiceFacts s = vm(VmKind.SERVICE, State.STARTED, "A", Set.of("C"));
    assertThat(evaluate(s, view(null, s)))
        .isEqualTo(new Decision.Adopt("C", "found running on C, not on A: following it there"));
  }

  @Test
  void aVmFoundInTwoPlacesIsReportedAndNothingIsStarted() {
    ServiceFacts s = vm(VmKind.SERVICE, State.STOPPED, null, Set.of("A", "C"));
    Decision d = evaluate(s, view(null, s));
    assertThat(d).isInstanceOf(Decision.TwoCopies.class);
    assertThat(((Decision.TwoCopies) d).nodes()).containsExactlyInAnyOrder("A", "C");
    assertThat(d.reason()).startsWith("the VM of ns/guest is running on A and C");
    assertThat(op(s, view(null, s), Operation.ENABLE, null)).isInstanceOf(Decision.Refuse.class);
    ServiceFacts running = vm(VmKind.SERVICE, State.STARTED, "A", Set.of("A", "C"));
    for (Operation o : List.of(Operation.MIGRATE, Operation.RELOCATE, Operation.RESTART)) {
      Decision d2 = op(running, view(null, running), o, null);
      assertThat(d2).as(o.word()).isInstanceOf(Decision.Refuse.class);
      assertThat(d2.reason()).as(o.word()).contains("running on A and C");
    }
    ServiceFacts disabled = running.withIntent(Desired.DISABLED, false);
    assertThat(evaluate(disabled, view(null, disabled)))
        .as("a disable still stops the cluster's copy")
        .isEqualTo(
            new Decision.Stop(State.DISABLED, null, false, false, "disabled by the administrator"));
  }

  @Test
  void aCopyOnAnOfflineUnfencedMemberHoldsEveryStartAndOneOnAFencedMemberIsGone() {
    ServiceFacts lost = vm(VmKind.SERVICE, State.STARTED, "A", Set.of("A"));
    assertThat(evaluate(lost, lostA(lost, false))).isInstanceOf(Decision.AwaitFencing.class);
    Decision after = evaluate(lost, lostA(lost, true));
    assertThat(after).isInstanceOf(Decision.Start.class);
    assertThat(((Decision.Start) after).node()).isEqualTo("B");

    ServiceFacts stopped = vm(VmKind.SERVICE, State.STOPPED, null, Set.of("A"));
    Decision held = evaluate(stopped, lostA(stopped, false));
    assertThat(held).isInstanceOf(Decision.Keep.class);
    assertThat(held.reason()).contains("offline and not fenced");
  }

  @Test
  void aVmWhoseVirtualMachineCannotServeStartsNowhereAndEnableSaysWhy() {
    String why =
        "VirtualMachine guest has runStrategy Always, so KubeVirt would start it by itself";
    ServiceFacts s =
        vm(VmKind.SERVICE, null, null, Set.of()).withVm(new VmStanding(Set.of(), null, why));
    assertThat(evaluate(s, view(null, s))).isEqualTo(new Decision.Mark(State.STOPPED, why));
    ServiceFacts stopped = s.withStatus(State.STOPPED, null, null, List.of());
    assertThat(evaluate(stopped, view(null, stopped))).isEqualTo(new Decision.Keep(why));
    assertThat(op(stopped, view(null, stopped), Operation.ENABLE, null))
        .isEqualTo(new Decision.Refuse(Operation.ENABLE, why));
  }

  @Test
  void aMigrationCompletesAtOnceInTheInstantOutcome() {
    ServiceFacts s = vm(VmKind.SERVICE, State.STARTED, "A", Set.of("A"));
    ServiceFacts after = InstantOutcome.apply(s, new Decision.Migrate("B", "why"), T0);
    assertThat(after.state()).isEqualTo(State.STARTED);
    assertThat(after.owner()).isEqualTo("B");
    assertThat(after.lastOwner()).isEqualTo("A");
  }
}
