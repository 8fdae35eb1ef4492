package dev.rgmanager.operator.core;

import static dev.rgmanager.operator.core.CoreFixtures.T0;
import static dev.rgmanager.operator.core.CoreFixtures.cluster;
import static dev.rgmanager.operator.core.CoreFixtures.domain;
import static dev.rgmanager.operator.core.CoreFixtures.service;
import static dev.rgmanager.operator.core.CoreFixtures.set;
import static dev.rgmanager.operator.core.CoreFixtures.started;
import static dev.rgmanager.operator.core.CoreFixtures.withWindow;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ServiceEngineTest {
  private static final Set<String> ABC = set("A", "B", "C");

  private static Decision decide(ServiceFacts s, ClusterView v, Trigger t) {
    return ServiceEngine.decide(s, v, t, T0);
  }

  @Test
  void restartPolicyRestartsInPlace() {
    ServiceFacts s = started(service(domain(true, true, false)), "A");
    Decision d = decide(s, cluster(ABC, s), Trigger.statusCheckFailed("pod not ready"));
    assertThat(d).isEqualTo(new Decision.Stop(null, "A", true, false, d.reason()));
  }

  @Test
  void relocatePolicyMovesToTheNextBestNode() {
    ServiceFacts s =
        withWindow(started(service(domain(true, true, false)), "A"), 0, null, Recovery.RELOCATE);
    s =
        new ServiceFacts(
            s.id(),
            new ServicePolicy(s.domain(), true, false, Recovery.RELOCATE, null, null, null, false),
            Desired.ENABLED,
            false,
            new ServiceStanding(State.STARTED, "A", null, List.of(), null));
    Decision d = decide(s, cluster(ABC, s), Trigger.statusCheckFailed("x"));
    assertThat(d).isInstanceOf(Decision.Stop.class);
    assertThat(((Decision.Stop) d).thenNode()).isEqualTo("B");
  }

  @Test
  void relocatePolicyWithNoOtherNodeStops() {
    ServiceFacts s =
        new ServiceFacts(
            "ns/svc",
            new ServicePolicy(
                domain(true, true, false), true, false, Recovery.RELOCATE, null, null, null, false),
            Desired.ENABLED,
            false,
            new ServiceStanding(State.STARTED, "A", null, List.of(), null));
    Decision d = decide(s, cluster(set("A", "D"), s), Trigger.statusCheckFailed("x"));
    assertThat(d).isInstanceOf(Decision.Stop.class);
    assertThat(((Decision.Stop) d).then()).isEqualTo(State.STOPPED);
  }

  @Test
  void disablePolicyDisables() {
    ServiceFacts s =
        new ServiceFacts(
            "ns/svc",
            new ServicePolicy(null, true, false, Recovery.DISABLE, null, null, null, false),
            Desired.ENABLED,
            false,
            new ServiceStanding(State.STARTED, "A", null, List.of(), null));
    assertThat(((Decision.Stop) decide(s, cluster(ABC, s), Trigger.statusCheckFailed("x"))).then())
        .isEqualTo(State.DISABLED);
  }

  @Test
  void restartDisableRestartsThenDisablesWhenTheRestartFails() {
    ServiceFacts s =
        new ServiceFacts(
            "ns/svc",
            new ServicePolicy(null, true, false, Recovery.RESTART_DISABLE, null, null, null, false),
            Desired.ENABLED,
            false,
            new ServiceStanding(State.STARTED, "A", null, List.of(), null));
    Decision first = decide(s, cluster(ABC, s), Trigger.statusCheckFailed("x"));
    assertThat(((Decision.Stop) first).thenNode()).isEqualTo("A");
    ServiceFacts restarting = s.withStatus(State.STARTING, "A", "A", s.restarts());
    Decision second =
        decide(restarting, cluster(ABC, restarting), Trigger.startFailed("A", "pod failed"));
    assertThat(((Decision.Stop) second).then()).isEqualTo(State.DISABLED);
  }

  @Test
  void restartThatFailsRelocates() {
    ServiceFacts s =
        started(service(domain(true, true, false)), "A")
            .withStatus(State.STARTING, "A", "A", List.of());
    Decision d = decide(s, cluster(ABC, s), Trigger.startFailed("A", "pod failed"));
    assertThat(((Decision.Stop) d).thenNode()).isEqualTo("B");
  }

  @Test
  void threeRestartsIn300sAreToleratedTheFourthRelocatesAndClearsTheWindow() {
    ServiceFacts s =
        withWindow(
            started(service(domain(true, true, false)), "A"),
            3,
            Duration.ofSeconds(300),
            Recovery.RESTART);
    Instant now = T0;
    for (int i = 0; i < 3; i++) {
      Decision d = ServiceEngine.decide(s, cluster(ABC, s), Trigger.statusCheckFailed("x"), now);
      assertThat(((Decision.Stop) d).thenNode()).as("restart %d stays on A", i + 1).isEqualTo("A");
      s = InstantOutcome.apply(s, d, now);
      now = now.plusSeconds(60);
    }
    assertThat(s.restarts()).hasSize(3);
    Decision fourth = ServiceEngine.decide(s, cluster(ABC, s), Trigger.statusCheckFailed("x"), now);
    assertThat(((Decision.Stop) fourth).thenNode()).isEqualTo("B");
    assertThat(((Decision.Stop) fourth).clearWindow()).isTrue();
    assertThat(InstantOutcome.apply(s, fourth, now).restarts()).isEmpty();
  }

  @Test
  void afterTheWindowPassesItRestartsAgain() {
    ServiceFacts s =
        withWindow(started(service(null), "A"), 3, Duration.ofSeconds(300), Recovery.RESTART);
    s = s.withStatus(State.STARTED, "A", null, List.of(T0, T0.plusSeconds(10), T0.plusSeconds(20)));
    Decision soon =
        ServiceEngine.decide(
            s, cluster(ABC, s), Trigger.statusCheckFailed("x"), T0.plusSeconds(30));
    assertThat(((Decision.Stop) soon).thenNode()).isNotEqualTo("A");
    Decision later =
        ServiceEngine.decide(
            s, cluster(ABC, s), Trigger.statusCheckFailed("x"), T0.plusSeconds(305));
    assertThat(((Decision.Stop) later).thenNode()).isEqualTo("A");
  }

  @Test
  void lostOwnerWaitsForFencingThenRecoversElsewhere() {
    ServiceFacts s = started(service(domain(true, true, false)), "A");
    Decision waiting = decide(s, cluster(set("B", "C"), Set.of(), true, s), Trigger.evaluate());
    assertThat(waiting).isInstanceOf(Decision.AwaitFencing.class);
    assertThat(((Decision.AwaitFencing) waiting).node()).isEqualTo("A");
    ServiceFacts recovering = InstantOutcome.apply(s, waiting, T0);
    assertThat(recovering.state()).isEqualTo(State.RECOVERING);
    Decision after =
        decide(recovering, cluster(set("B", "C"), set("A"), true, recovering), Trigger.evaluate());
    assertThat(after).isEqualTo(new Decision.Start("B", false, after.reason()));
  }

  @Test
  void inquorateNothingStartsAndTheStopPolicyStopsRunningServices() {
    ServiceFacts fresh = service(null);
    assertThat(decide(fresh, cluster(set("A"), Set.of(), false, fresh), Trigger.evaluate()))
        .isInstanceOf(Decision.Keep.class);
    ServiceFacts running = started(service(null), "A");
    Decision d = decide(running, cluster(set("A"), Set.of(), false, running), Trigger.evaluate());
    assertThat(((Decision.Stop) d).then()).isEqualTo(State.STOPPED);
    ClusterView frozenPolicy =
        new ClusterView(
            false, NoQuorumPolicy.FREEZE, cluster(set("A"), running).members(), List.of(running));
    assertThat(decide(running, frozenPolicy, Trigger.evaluate())).isInstanceOf(Decision.Keep.class);
    assertThat(
            decide(
                running,
                cluster(set("A"), Set.of(), false, running),
                Trigger.operation(Operation.RELOCATE, null)))
        .isInstanceOf(Decision.Refuse.class);
  }

  @Test
  void quorumRegainedStartsWhatTheStopPolicyStopped() {
    ServiceFacts stopped = service(null).withStatus(State.STOPPED, null, "A", List.of());
    assertThat(decide(stopped, cluster(set("A", "B")), Trigger.evaluate()))
        .isInstanceOf(Decision.Start.class);
  }

  @Test
  void frozenServicesAreNotTouchedEvenWhenTheOwnerDies() {
    ServiceFacts s = started(service(null), "A");
    s =
        new ServiceFacts(
            s.id(),
            new ServicePolicy(null, true, false, Recovery.RESTART, null, null, null, false),
            Desired.ENABLED,
            true,
            new ServiceStanding(State.STARTED, "A", null, List.of(), null));
    assertThat(decide(s, cluster(set("B"), set("A"), true, s), Trigger.evaluate()))
        .isInstanceOf(Decision.Keep.class);
    assertThat(decide(s, cluster(ABC, s), Trigger.statusCheckFailed("x")))
        .isInstanceOf(Decision.Keep.class);
  }

  @Test
  void unfreezingWhileTheOwnerIsGoneDoesNotDoubleStart() {
    ServiceFacts s = started(service(null), "A");
    assertThat(decide(s, cluster(set("B")), Trigger.evaluate()))
        .isInstanceOf(Decision.AwaitFencing.class);
  }

  @Test
  void exclusiveServiceStartsOnlyOnAnEmptyNodeAndNothingJoinsIt() {
    ServiceFacts other =
        new ServiceFacts(
            "ns/other",
            new ServicePolicy(null, true, false, Recovery.RESTART, null, null, null, false),
            Desired.ENABLED,
            false,
            new ServiceStanding(State.STARTED, "A", null, List.of(), null));
    ServiceFacts excl =
        new ServiceFacts(
            "ns/excl",
            new ServicePolicy(null, true, true, Recovery.RESTART, null, null, null, false),
            Desired.ENABLED,
            false,
            new ServiceStanding(null, null, null, List.of(), null));
    Decision d = decide(excl, cluster(set("A", "B"), other, excl), Trigger.evaluate());
    assertThat(((Decision.Start) d).node()).isEqualTo("B");
    ServiceFacts exclOnB = excl.withStatus(State.STARTED, "B", null, List.of());
    ServiceFacts third =
        new ServiceFacts(
            "ns/third",
            new ServicePolicy(null, true, false, Recovery.RESTART, null, null, null, false),
            Desired.ENABLED,
            false,
            new ServiceStanding(null, null, null, List.of(), null));
    assertThat(
            ((Decision.Start)
                    decide(
                        third, cluster(set("A", "B"), other, exclOnB, third), Trigger.evaluate()))
                .node())
        .isEqualTo("A");
    ServiceFacts exclOnA = excl.withStatus(State.STARTED, "A", null, List.of());
    assertThat(decide(third, cluster(set("A"), exclOnA, third), Trigger.evaluate()))
        .isInstanceOf(Decision.Mark.class);
  }

  @Test
  void aServiceWaitsForItsDependency() {
    ServiceFacts dep = service(null);
    ServiceFacts web =
        new ServiceFacts(
            "ns/web",
            new ServicePolicy(null, true, false, Recovery.RESTART, null, null, "ns/svc", false),
            Desired.ENABLED,
            false,
            new ServiceStanding(null, null, null, List.of(), null));
    Decision d = decide(web, cluster(ABC, dep, web), Trigger.evaluate());
    assertThat(d.reason()).contains("waiting for dependency ns/svc");
    ServiceFacts depUp = started(dep, "A");
    assertThat(decide(web, cluster(ABC, depUp, web), Trigger.evaluate()))
        .isInstanceOf(Decision.Start.class);
  }

  @Test
  void autostartFalseIsDisabledUntilEnabled() {
    ServiceFacts s =
        new ServiceFacts(
            "ns/svc",
            new ServicePolicy(null, false, false, Recovery.RESTART, null, null, null, false),
            Desired.ENABLED,
            false,
            new ServiceStanding(null, null, null, List.of(), null));
    Decision d = decide(s, cluster(ABC, s), Trigger.evaluate());
    assertThat(d).isEqualTo(new Decision.Mark(State.DISABLED, d.reason()));
    ServiceFacts disabled = InstantOutcome.apply(s, d, T0);
    assertThat(decide(disabled, cluster(ABC, disabled), Trigger.evaluate()))
        .isInstanceOf(Decision.Keep.class);
    assertThat(decide(disabled, cluster(ABC, disabled), Trigger.operation(Operation.ENABLE, "B")))
        .isEqualTo(new Decision.Start("B", false, "enabled on B by the administrator"));
  }

  @ParameterizedTest
  @EnumSource(Operation.class)
  void inFailedOnlyDisableIsAllowed(Operation op) {
    ServiceFacts failed = service(null).withStatus(State.FAILED, "A", null, List.of());
    Decision d = decide(failed, cluster(ABC, failed), Trigger.operation(op, null));
    if (op == Operation.DISABLE || op == Operation.FREEZE || op == Operation.UNFREEZE) {
      return; // declarative fields, not requests
    }
    assertThat(d).isInstanceOf(Decision.Refuse.class);
    assertThat(d.reason()).contains("failed");
  }

  @Test
  void disablingAFailedServiceStopsWhatIsLeftOnItsOwnerBeforeItIsDisabled() {
    ServiceFacts failed =
        new ServiceFacts(
            "ns/svc",
            new ServicePolicy(null, true, false, Recovery.RESTART, null, null, null, false),
            Desired.DISABLED,
            false,
            new ServiceStanding(State.FAILED, "A", null, List.of(), null));
    // A is online: the failed stop is tried again there, and only then is it disabled.
    assertThat(decide(failed, cluster(ABC, failed), Trigger.evaluate()))
        .isEqualTo(
            new Decision.Stop(
                State.DISABLED,
                null,
                false,
                false,
                "disabled by the administrator after a failed stop: stopping what is left on A"));
    // A is offline and not fenced: nothing is disabled (so nothing can be enabled elsewhere) yet.
    ClusterView aLost =
        new ClusterView(
            true,
            NoQuorumPolicy.STOP,
            List.of(
                new Member("A", false, false),
                new Member("B", true, false),
                new Member("C", true, false)),
            List.of(failed));
    assertThat(decide(failed, aLost, Trigger.evaluate())).isInstanceOf(Decision.AwaitFencing.class);
    // A is fenced: nothing of it can run, so it is disabled at once.
    ClusterView aFenced =
        new ClusterView(
            true,
            NoQuorumPolicy.STOP,
            List.of(
                new Member("A", false, true),
                new Member("B", true, false),
                new Member("C", true, false)),
            List.of(failed));
    assertThat(decide(failed, aFenced, Trigger.evaluate())).isInstanceOf(Decision.Mark.class);
  }

  @Test
  void relocateGoesToThePreferredNodeOrTheNextBest() {
    ServiceFacts s = started(service(null), "A");
    assertThat(
            ((Decision.Stop) decide(s, cluster(ABC, s), Trigger.operation(Operation.RELOCATE, "C")))
                .thenNode())
        .isEqualTo("C");
    assertThat(
            ((Decision.Stop)
                    decide(s, cluster(ABC, s), Trigger.operation(Operation.RELOCATE, null)))
                .thenNode())
        .isEqualTo("B");
    ServiceFacts stopped = service(null).withStatus(State.STOPPED, null, null, List.of());
    assertThat(
            decide(stopped, cluster(ABC, stopped), Trigger.operation(Operation.RELOCATE, null))
                .reason())
        .contains("not allowed while ns/svc is stopped");
  }

  @Test
  void migrateIsOnlyForVmServices() {
    ServiceFacts s = started(service(null), "A");
    assertThat(decide(s, cluster(ABC, s), Trigger.operation(Operation.MIGRATE, "B")).reason())
        .contains("only for VM services");
  }

  @Test
  void placementScoresFollowRgmanager() {
    ServiceFacts s = service(domain(true, true, false));
    ClusterView v = cluster(set("B", "C", "D"));
    assertThat(Placement.score(s, "A", v)).isEqualTo(Score.ILLEGAL);
    assertThat(Placement.score(s, "B", v)).isEqualTo(Score.BEST);
    assertThat(Placement.score(s, "C", v)).isEqualTo(Score.BETTER);
    assertThat(Placement.score(s, "D", v)).isEqualTo(Score.ILLEGAL);
    ServiceFacts unrestricted = service(domain(true, false, false));
    assertThat(Placement.score(unrestricted, "D", v)).isEqualTo(Score.GOOD);
    assertThat(Placement.score(unrestricted, "D", cluster(set("D", "E")))).isEqualTo(Score.BEST);
  }
}
