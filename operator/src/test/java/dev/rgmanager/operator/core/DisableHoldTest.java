package dev.rgmanager.operator.core;

import static dev.rgmanager.operator.core.CoreFixtures.T0;
import static dev.rgmanager.operator.core.CoreFixtures.cluster;
import static dev.rgmanager.operator.core.CoreFixtures.set;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A service the cluster disabled stays disabled until enabled (rgmanager: a disabled service starts
 * again only when someone enables it), decided by the core so that the operator and simulate agree.
 */
class DisableHoldTest {
  private static ServiceFacts started(Recovery recovery) {
    return new ServiceFacts(
        "ns/svc",
        new ServicePolicy(null, true, false, recovery, null, null, null, false),
        Desired.ENABLED,
        false,
        new ServiceStanding(State.STARTED, "A", null, List.of(), null));
  }

  /** Decides and applies as if every step completed at once, until nothing changes. */
  private static ServiceFacts settle(ServiceFacts s, Trigger first) {
    Decision d = ServiceEngine.decide(s, cluster(set("A", "B", "C"), s), first, T0);
    for (int i = 0; i < 10 && !(d instanceof Decision.Keep); i++) {
      s = InstantOutcome.apply(s, d, T0);
      d = ServiceEngine.decide(s, cluster(set("A", "B", "C"), s), Trigger.evaluate(), T0);
    }
    return s;
  }

  @Test
  void aServiceItsRecoveryPolicyDisabledIsNotStartedAgainByTheNextEvaluation() {
    ServiceFacts after = settle(started(Recovery.DISABLE), Trigger.statusCheckFailed("x"));
    assertThat(after.state()).isEqualTo(State.DISABLED);
    assertThat(after.heldDisabled()).isTrue();
    assertThat(after.desired()).as("the administrator's intent is kept").isEqualTo(Desired.ENABLED);
    Decision next =
        ServiceEngine.decide(after, cluster(set("A", "B", "C"), after), Trigger.evaluate(), T0);
    assertThat(next).isInstanceOf(Decision.Keep.class);
    assertThat(next.reason()).contains("only when enabled");
  }

  @Test
  void restartDisableHoldsTheServiceWhenTheRestartFails() {
    ServiceFacts s = started(Recovery.RESTART_DISABLE);
    Decision restart =
        ServiceEngine.decide(s, cluster(set("A", "B"), s), Trigger.statusCheckFailed("x"), T0);
    ServiceFacts restarting = InstantOutcome.startFailed(InstantOutcome.apply(s, restart, T0), "A");
    ServiceFacts after = settle(restarting, Trigger.startFailed("A", "pod failed"));
    assertThat(after.state()).isEqualTo(State.DISABLED);
    assertThat(after.heldDisabled()).isTrue();
  }

  @Test
  void anEnableReleasesTheHoldAndStartsIt() {
    ServiceFacts held = settle(started(Recovery.DISABLE), Trigger.statusCheckFailed("x"));
    Decision enable =
        ServiceEngine.decide(
            held, cluster(set("A", "B", "C"), held), Trigger.operation(Operation.ENABLE, null), T0);
    assertThat(enable).isInstanceOf(Decision.Start.class);
    assertThat(InstantOutcome.apply(held, enable, T0).heldDisabled()).isFalse();
  }

  @Test
  void anIntentOtherThanEnabledReleasesTheHold() {
    ServiceFacts held = settle(started(Recovery.DISABLE), Trigger.statusCheckFailed("x"));
    ServiceFacts disabled = held.withIntent(Desired.DISABLED, false);
    assertThat(disabled.heldDisabled()).isFalse();
    // Enabled again by the administrator's intent: autostart starts it.
    ServiceFacts enabled = settle(disabled.withIntent(Desired.ENABLED, false), Trigger.evaluate());
    assertThat(enabled.state()).isEqualTo(State.STARTED);
  }

  @Test
  void anAdministratorsDisableIsNoHold() {
    ServiceFacts s = started(Recovery.RESTART).withIntent(Desired.DISABLED, false);
    ServiceFacts after = settle(s, Trigger.evaluate());
    assertThat(after.state()).isEqualTo(State.DISABLED);
    assertThat(after.heldDisabled()).isFalse();
  }
}
