package dev.rgmanager.operator.reconciler.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.DesiredState;
import dev.rgmanager.api.v1alpha1.RecoveryPolicy;
import dev.rgmanager.api.v1alpha1.ServiceState;
import dev.rgmanager.operator.core.Desired;
import dev.rgmanager.operator.core.NoQuorumPolicy;
import dev.rgmanager.operator.core.Recovery;
import dev.rgmanager.operator.core.State;
import java.util.EnumSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every constant of each API enum and its core mirror maps both ways, onto its namesake. */
class EnumMappingTest {

  @Test
  void serviceStates() {
    bijection(ServiceState.class, State.class, EnumMapping::toCore, EnumMapping::toApi);
  }

  @Test
  void desiredStates() {
    bijection(DesiredState.class, Desired.class, EnumMapping::toCore, EnumMapping::toApi);
  }

  @Test
  void recoveryPolicies() {
    bijection(RecoveryPolicy.class, Recovery.class, EnumMapping::toCore, EnumMapping::toApi);
  }

  @Test
  void noQuorumPolicies() {
    bijection(
        dev.rgmanager.api.v1alpha1.NoQuorumPolicy.class,
        NoQuorumPolicy.class,
        EnumMapping::toCore,
        EnumMapping::toApi);
  }

  @Test
  void unsetStaysUnset() {
    assertThat(EnumMapping.toCore((ServiceState) null)).isNull();
    assertThat(EnumMapping.toApi((State) null)).isNull();
    assertThat(EnumMapping.toCore((DesiredState) null)).isNull();
    assertThat(EnumMapping.toApi((Desired) null)).isNull();
    assertThat(EnumMapping.toCore((RecoveryPolicy) null)).isNull();
    assertThat(EnumMapping.toApi((Recovery) null)).isNull();
    assertThat(EnumMapping.toCore((dev.rgmanager.api.v1alpha1.NoQuorumPolicy) null)).isNull();
    assertThat(EnumMapping.toApi((NoQuorumPolicy) null)).isNull();
  }

  /**
   * Each API constant maps to the core constant of the same name (the mirrors mean the same), every
   * core constant is reached, and both directions round-trip.
   */
  private static <A extends Enum<A>, C extends Enum<C>> void bijection(
      Class<A> api, Class<C> core, Function<A, C> toCore, Function<C, A> toApi) {
    EnumSet<C> reached = EnumSet.noneOf(core);
    for (A a : api.getEnumConstants()) {
      C c = toCore.apply(a);
      assertThat(c).as("%s.%s in the core", api.getSimpleName(), a).isNotNull();
      assertThat(c.name()).as("%s.%s in the core", api.getSimpleName(), a).isEqualTo(a.name());
      assertThat(toApi.apply(c)).as("%s.%s round trip", api.getSimpleName(), a).isSameAs(a);
      reached.add(c);
    }
    assertThat(reached)
        .as("every %s is some API value", core.getName())
        .isEqualTo(EnumSet.allOf(core));
    for (C c : core.getEnumConstants()) {
      assertThat(toCore.apply(toApi.apply(c))).as("%s round trip", c).isSameAs(c);
    }
  }
}
