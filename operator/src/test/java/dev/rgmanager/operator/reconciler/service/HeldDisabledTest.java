package dev.rgmanager.operator.reconciler.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.operator.core.Desired;
import dev.rgmanager.operator.core.ServiceFacts;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HeldDisabled condition is read into the core's facts, which decide what it means ({@link
 * dev.rgmanager.operator.core.DisableHold}): disabled until enabled, unless spec.state says
 * otherwise.
 */
class HeldDisabledTest {
  private static ClusterService service(String state, String held) {
    return Serialization.unmarshal(
        """
        apiVersion: rgmanager.dev/v1alpha1
        kind: ClusterService
        metadata: {name: db, namespace: ha}
        spec:
          state: STATE
          resources: [{name: ip, ip: {ports: [{port: 80}]}}]
        status:
          state: disabled
          conditions:
            - {type: HeldDisabled, status: "HELD", reason: DisabledByCluster, message: m}
        """
            .replace("STATE", state)
            .replace("HELD", held),
        ClusterService.class);
  }

  private static ServiceFacts facts(String state, String held) {
    return CoreMapping.service(service(state, held), Map.of());
  }

  @Test
  void heldWhileSpecSaysEnabled() {
    ServiceFacts s = facts("enabled", "True");
    assertThat(s.heldDisabled()).isTrue();
    assertThat(s.desired()).isEqualTo(Desired.ENABLED);
    assertThat(s.wanted()).isEqualTo(Desired.DISABLED);
  }

  @Test
  void releasedHoldFollowsSpec() {
    ServiceFacts s = facts("enabled", "False");
    assertThat(s.heldDisabled()).isFalse();
    assertThat(s.wanted()).isEqualTo(Desired.ENABLED);
  }

  @Test
  void anExplicitStateWinsOverTheHold() {
    assertThat(facts("stopped", "True").wanted()).isEqualTo(Desired.STOPPED);
  }
}
