package dev.rgmanager.operator.reconciler.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.operator.core.Desired;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** A service the cluster disabled stays disabled until enabled, whatever spec.state says. */
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

  @Test
  void heldWhileSpecSaysEnabled() {
    assertThat(CoreMapping.desired(service("enabled", "True"))).isEqualTo(Desired.DISABLED);
  }

  @Test
  void releasedHoldFollowsSpec() {
    assertThat(CoreMapping.desired(service("enabled", "False"))).isEqualTo(Desired.ENABLED);
  }

  @Test
  void anExplicitStateWinsOverTheHold() {
    assertThat(CoreMapping.desired(service("stopped", "True"))).isEqualTo(Desired.STOPPED);
  }
}
