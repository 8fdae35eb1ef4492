package dev.rgmanager.plugin.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Opens the cluster connection the way kubectl does (KUBECONFIG, current context) and words its
 * errors.
 */
public final class ClusterAccess {
  private ClusterAccess() {}

  public static KubernetesClient connect(String namespace) {
    Config config = Config.autoConfigure(null);
    if (namespace != null) {
      config.setNamespace(namespace);
    }
    config.setRequestTimeout(10_000);
    config.setConnectionTimeout(5_000);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** One clear line for a failed API call: no connection, no permission, not found. */
  public static String explain(KubernetesClientException e) {
    int code = e.getCode();
    if (code == 401 || code == 403) {
      return "no permission: " + (e.getStatus() != null ? e.getStatus().getMessage() : "forbidden");
    }
    if (code == 404) {
      return "not found: "
          + (e.getStatus() != null ? e.getStatus().getMessage() : "the object does not exist");
    }
    if (code <= 0) {
      return "no cluster connection: "
          + rootMessage(e)
          + " (check KUBECONFIG and the current context)";
    }
    return "API error "
        + code
        + ": "
        + (e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage());
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }
}
