package dev.rgmanager.e2e;

import dev.rgmanager.operator.testing.Manifests;

/** The manifests of power fencing by the simulated BMCs ({@link Bmcs}), as YAML documents. */
public final class BmcManifests {
  private BmcManifests() {}

  /**
   * The Secret "bmc-credentials" in rgmanager-system that the simulated BMCs' FenceDevices name:
   * username admin and {@link Bmcs#PASSWORD}.
   */
  public static String bmcCredentials() {
    return """
        apiVersion: v1
        kind: Secret
        metadata:
          name: bmc-credentials
          namespace: rgmanager-system
        stringData:
          username: admin
          password: PASSWORD
        ---
        """
        .replace("PASSWORD", Bmcs.PASSWORD);
  }

  /**
   * The BMC credentials, a FenceDevice per node (its simulated BMC on 127.0.0.1, port {@code
   * basePort}+n for node-n) and the HACluster "e2e" of node-1..node-3, each fenced by its BMC.
   */
  public static String fencedCluster(int basePort) {
    return fencedCluster("127.0.0.1", basePort);
  }

  /** As {@link #fencedCluster(int)}, the BMCs on {@code address}. */
  public static String fencedCluster(String address, int basePort) {
    StringBuilder b = new StringBuilder(bmcCredentials());
    for (int i = 1; i <= 3; i++) {
      b.append(
          """
          apiVersion: rgmanager.dev/v1alpha1
          kind: FenceDevice
          metadata:
            name: bmc-node-N
            namespace: rgmanager-system
          spec:
            agent: ipmilan
            ipmi:
              address: ADDRESS
              port: PORT
              powerWait: 1s
            credentialsSecretRef:
              name: bmc-credentials
            timeout: 20s
          ---
          """
              .replace("node-N", "node-" + i)
              .replace("ADDRESS", address)
              .replace("PORT", String.valueOf(basePort + i)));
    }
    return b.append(Manifests.REAL_CLUSTER.cluster(true)).toString();
  }
}
