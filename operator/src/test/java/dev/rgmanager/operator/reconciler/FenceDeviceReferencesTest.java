package dev.rgmanager.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.HACluster;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class FenceDeviceReferencesTest {
  private static final HACluster CLUSTER =
      Serialization.unmarshal(
          """
          apiVersion: rgmanager.dev/v1alpha1
          kind: HACluster
          metadata: {name: c}
          spec:
            nodes:
              - name: node-1
                fenceMethods:
                  - name: power
                    devices: [{device: bmc-1, namespace: rgmanager-system}]
          """,
          HACluster.class);

  @Test
  void onlyADeviceAFenceMethodNamesIsUsed() {
    assertThat(FenceDeviceReferences.referenced(CLUSTER, "rgmanager-system", "bmc-1")).isTrue();
    // Someone's FenceDevice of the same name in their own namespace, pointing wherever they like.
    assertThat(FenceDeviceReferences.referenced(CLUSTER, "team-a", "bmc-1")).isFalse();
    assertThat(FenceDeviceReferences.referenced(CLUSTER, "rgmanager-system", "bmc-9")).isFalse();
    assertThat(FenceDeviceReferences.referenced(null, "rgmanager-system", "bmc-1")).isFalse();
  }
}
