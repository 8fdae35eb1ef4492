package dev.rgmanager.operator.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.Condition;
import dev.rgmanager.api.v1alpha1.FenceDevice;
import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.Manifests;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/**
 * A FenceDevice's status: its credentials Secret checked by name and key (the field to fix named,
 * no credential shown), and a device that no fence method names neither monitored nor used.
 */
@ReconcilerTest
class FenceDeviceReconcilerTest {
  private static String device(String name, String secret) {
    return """
        apiVersion: rgmanager.dev/v1alpha1
        kind: FenceDevice
        metadata:
          name: NAME
          namespace: NS
        spec:
          agent: ipmilan
          ipmi:
            address: 127.0.0.1
            port: 9
          credentialsSecretRef:
            name: SECRET
        ---
        """
        .replace("NAME", name)
        .replace("SECRET", secret);
  }

  private static Condition condition(LiveCluster live, String device, String type) {
    FenceDevice d =
        live.client()
            .resources(FenceDevice.class)
            .inNamespace(live.namespace())
            .withName(device)
            .get();
    return d == null ? null : LiveCluster.ofType(d.getStatus().conditions(), type);
  }

  @Test
  void aDevicesCredentialsAreCheckedAndAnUnreferencedDeviceIsNotUsed(LiveCluster live) {
    live.apply(Manifests.IN_PROCESS.cluster(true));
    live.apply(
        """
        apiVersion: v1
        kind: Secret
        metadata:
          name: partial
          namespace: NS
        stringData:
          username: operator-user-7731
        ---
        """
            + device("bmc-node-1", "absent")
            + device("bmc-node-2", "partial")
            + device("spare", "partial"));

    Condition missing =
        Await.IN_PROCESS.until(
            "bmc-node-1: its Secret does not exist",
            () -> condition(live, "bmc-node-1", "Valid"),
            c -> c != null && "False".equals(c.status()));
    assertThat(missing.reason()).isEqualTo("SecretNotFound");
    assertThat(missing.message())
        .startsWith("spec.credentialsSecretRef.name: Secret " + live.namespace() + "/absent")
        .contains("create it with keys username and password");

    Condition keyless =
        Await.IN_PROCESS.until(
            "bmc-node-2: its Secret has no password",
            () -> condition(live, "bmc-node-2", "Valid"),
            c -> c != null && "False".equals(c.status()));
    assertThat(keyless.reason()).isEqualTo("SecretKeyMissing");
    assertThat(keyless.message()).startsWith("spec.credentialsSecretRef.passwordKey:");

    Condition unused =
        Await.IN_PROCESS.until(
            "spare: named by no fence method",
            () -> condition(live, "spare", "Ready"),
            c -> c != null && "False".equals(c.status()));
    assertThat(unused.reason()).isEqualTo("NotReferenced");
    assertThat(unused.message()).contains("spec.nodes[].fenceMethods[].devices");

    String statuses =
        Serialization.asJson(
            live.client().resources(FenceDevice.class).inNamespace(live.namespace()).list());
    assertThat(statuses).doesNotContain("operator-user-7731");
    assertThat(live.fencer().calls()).as("no member was lost: nothing fenced").isEmpty();
  }
}
