package dev.rgmanager.operator.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;

/** Fabric8 clients of a test's control plane. */
public final class Clients {
  private Clients() {}

  /** A new client of {@code cp}, by its kubeconfig. */
  public static KubernetesClient of(ControlPlane cp) {
    try {
      Config config = Config.fromKubeconfig(Files.readString(cp.kubeconfig()));
      return new KubernetesClientBuilder().withConfig(config).build();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read kubeconfig " + cp.kubeconfig(), e);
    }
  }
}
