package dev.rgmanager.operator.core;

import static dev.rgmanager.operator.core.CoreFixtures.T0;
import static dev.rgmanager.operator.core.CoreFixtures.cluster;
import static dev.rgmanager.operator.core.CoreFixtures.set;
import static dev.rgmanager.operator.core.CoreFixtures.started;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * rgmanager's depend_mode: hard (the default) stops a dependent with its dependency and starts it
 * again once the dependency runs; soft gates only its start.
 */
class DependModeTest {
  private static final Set<String> ABC = set("A", "B", "C");
  private static final String NOT_RUNNING = "dependency ns/db is not running (depend_mode hard)";

  private static Decision decide(ServiceFacts s, ClusterView v, Trigger t) {
    return ServiceEngine.decide(s, v, t, T0);
  }

  private static ServiceFacts db(State state, String owner) {
    return new ServiceFacts(
        "ns/db",
        new ServicePolicy(null, true, false, Recovery.RESTART, null, null, null, false),
        state == State.DISABLED ? Desired.DISABLED : Desired.ENABLED,
        false,
        new ServiceStanding(state, owner, null, List.of(), null));
  }

  private static ServiceFacts web(DependMode mode, State state, String owner) {
    return new ServiceFacts(
        "ns/web",
        new ServicePolicy(null, true, false, Recovery.RESTART, null, null, "ns/db", mode, false),
        Desired.ENABLED,
        false,
        new ServiceStanding(state, owner, null, List.of(), null));
  }

  @ParameterizedTest
  @EnumSource(
      value = State.class,
      names = {"STOPPED", "DISABLED", "FAILED", "RECOVERING", "STARTING", "STOPPING"})
  void aHardDependentStopsWhenItsDependencyIsNotRunning(State dependency) {
    ServiceFacts db = db(dependency, dependency == State.STOPPED ? null : "B");
    ServiceFacts web = web(DependMode.HARD, State.STARTED, "A");

    assertThat(decide(web, cluster(ABC, db, web), Trigger.evaluate()))
        .isEqualTo(new Decision.Stop(State.STOPPED, null, false, false, NOT_RUNNING));
  }

  @Test
  void theDefaultModeIsHard() {
    ServiceFacts web =
        new ServiceFacts(
            "ns/web",
            new ServicePolicy(null, true, false, Recovery.RESTART, null, null, "ns/db", false),
            Desired.ENABLED,
            false,
            new ServiceStanding(State.STARTED, "A", null, List.of(), null));
    ServiceFacts db = db(State.DISABLED, null);

    assertThat(web.dependMode()).isEqualTo(DependMode.HARD);
    assertThat(decide(web, cluster(ABC, db, web), Trigger.evaluate()))
        .isInstanceOf(Decision.Stop.class);
  }

  @Test
  void aHardDependentWhoseDependencyIsGoneStopsToo() {
    ServiceFacts web = web(DependMode.HARD, State.STARTED, "A");

    assertThat(decide(web, cluster(ABC, web), Trigger.evaluate()).reason()).isEqualTo(NOT_RUNNING);
  }

  @Test
  void aHardDependentStartsAgainOnceItsDependencyRuns() {
    ServiceFacts db = db(State.DISABLED, null);
    ServiceFacts web = web(DependMode.HARD, State.STARTED, "A");
    Decision stop = decide(web, cluster(ABC, db, web), Trigger.evaluate());
    ServiceFacts stopped = InstantOutcome.apply(web, stop, T0);
    assertThat(stopped.state()).isEqualTo(State.STOPPED);

    Decision whileDown = decide(stopped, cluster(ABC, db, stopped), Trigger.evaluate());
    assertThat(whileDown).isNotInstanceOf(Decision.Start.class);
    assertThat(whileDown.reason()).contains("waiting for dependency ns/db");

    ServiceFacts dbUp = started(db(State.STOPPED, null), "B");
    Decision again = decide(stopped, cluster(ABC, dbUp, stopped), Trigger.evaluate());
    assertThat(again).isInstanceOf(Decision.Start.class);
  }

  @Test
  void aSoftDependentIsLeftRunningWhenItsDependencyStops() {
    ServiceFacts db = db(State.DISABLED, null);
    ServiceFacts web = web(DependMode.SOFT, State.STARTED, "A");
    ClusterView v = cluster(ABC, db, web);

    assertThat(decide(web, v, Trigger.evaluate())).isEqualTo(new Decision.Keep("started on A"));
    assertThat(decide(web, v, Trigger.statusCheckFailed("pod not ready")))
        .isInstanceOf(Decision.Stop.class)
        .extracting(d -> ((Decision.Stop) d).thenNode())
        .isEqualTo("A");
    assertThat(decide(web, v, Trigger.operation(Operation.RELOCATE, null)))
        .isInstanceOf(Decision.Stop.class);
  }

  @Test
  void aSoftDependentStillWaitsForItsDependencyToStart() {
    ServiceFacts db = db(State.DISABLED, null);
    ServiceFacts web = web(DependMode.SOFT, null, null);

    Decision d = decide(web, cluster(ABC, db, web), Trigger.evaluate());
    assertThat(d).isEqualTo(new Decision.Mark(State.STOPPED, d.reason()));
    assertThat(d.reason()).contains("waiting for dependency ns/db");
  }

  @ParameterizedTest
  @EnumSource(
      value = Operation.class,
      names = {"RELOCATE", "RESTART"})
  void relocatingOrRestartingAHardDependentIsRefusedWhileItsDependencyIsDown(Operation op) {
    ServiceFacts db = db(State.DISABLED, null);
    ServiceFacts web = web(DependMode.HARD, State.STARTED, "A");

    assertThat(decide(web, cluster(ABC, db, web), Trigger.operation(op, null)))
        .isEqualTo(new Decision.Refuse(op, NOT_RUNNING));
    assertThat(decide(web, cluster(ABC, db, web), Trigger.operation(op, "B")))
        .isEqualTo(new Decision.Refuse(op, NOT_RUNNING));
  }

  @Test
  void enablingAHardDependentIsRefusedWhileItsDependencyIsDown() {
    ServiceFacts db = db(State.STOPPED, null);
    ServiceFacts web = web(DependMode.HARD, State.DISABLED, null);

    assertThat(decide(web, cluster(ABC, db, web), Trigger.operation(Operation.ENABLE, null)))
        .isEqualTo(new Decision.Refuse(Operation.ENABLE, NOT_RUNNING));
    assertThat(decide(web, cluster(ABC, db, web), Trigger.operation(Operation.ENABLE, "B")))
        .isEqualTo(new Decision.Refuse(Operation.ENABLE, NOT_RUNNING));
    ServiceFacts dbUp = started(db, "B");
    assertThat(decide(web, cluster(ABC, dbUp, web), Trigger.operation(Operation.ENABLE, "C")))
        .isEqualTo(new Decision.Start("C", false, "enabled on C by the administrator"));
  }

  @Test
  void anEarlierRefusalStandsAndDisableIsNotGated() {
    ServiceFacts db = db(State.DISABLED, null);
    ServiceFacts frozen =
        web(DependMode.HARD, State.STARTED, "A").withIntent(Desired.ENABLED, true);
    assertThat(
            decide(frozen, cluster(ABC, db, frozen), Trigger.operation(Operation.RELOCATE, null))
                .reason())
        .contains("frozen");
    assertThat(decide(frozen, cluster(ABC, db, frozen), Trigger.evaluate()))
        .isInstanceOf(Decision.Keep.class);

    ServiceFacts web = web(DependMode.HARD, State.STARTED, "A").withIntent(Desired.DISABLED, false);
    assertThat(decide(web, cluster(ABC, db, web), Trigger.evaluate()))
        .isEqualTo(
            new Decision.Stop(State.DISABLED, null, false, false, "disabled by the administrator"));
  }

  @Test
  void aHardDependentIsStoppedRatherThanRestartedWhenItsCheckFails() {
    ServiceFacts db = db(State.DISABLED, null);
    ServiceFacts web = web(DependMode.HARD, State.STARTED, "A");

    Decision d = decide(web, cluster(ABC, db, web), Trigger.statusCheckFailed("pod not ready"));
    assertThat(d).isEqualTo(new Decision.Stop(State.STOPPED, null, false, false, d.reason()));
    assertThat(d.reason()).endsWith(NOT_RUNNING);
  }

  @Test
  void aHardDependentWhoseStartFailedIsNotTriedElsewhere() {
    ServiceFacts db = db(State.DISABLED, null);
    ServiceFacts web = web(DependMode.HARD, State.STOPPED, null);

    Decision d = decide(web, cluster(ABC, db, web), Trigger.startFailed("A", "image pull"));
    assertThat(d).isEqualTo(new Decision.Stop(State.STOPPED, null, false, false, d.reason()));
    assertThat(d.reason()).endsWith(NOT_RUNNING);
  }

  @Test
  void aHardDependentOnALostFencedOwnerIsMarkedStoppedNotStartedElsewhere() {
    ServiceFacts db = db(State.STOPPED, null);
    ServiceFacts web = web(DependMode.HARD, State.STARTED, "A");
    ClusterView v = cluster(set("B", "C"), set("A"), true, db, web);

    assertThat(decide(web, v, Trigger.evaluate()))
        .isEqualTo(new Decision.Mark(State.STOPPED, NOT_RUNNING));
  }
}
