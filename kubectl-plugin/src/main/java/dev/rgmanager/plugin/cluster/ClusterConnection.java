package dev.rgmanager.plugin.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * An open client, with what it was opened from, so that its errors can say where they came from.
 */
public record ClusterConnection(KubernetesClient client, Config config, Kubeconfig source)
    implements AutoCloseable {

  /** The namespace a name without one means: the flag, the context's, else default. */
  public String namespace() {
    return config.getNamespace();
  }

  /** One clear line for a failed API call: no connection, no permission, not found. */
  public String explain(KubernetesClientException e) {
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
          + config.getMasterUrl()
          + " (context "
          + (config.getCurrentContext() == null ? "-" : config.getCurrentContext().getName())
          + " of kubeconfig "
          + source.describe()
          + "): "
          + ConnectionFailure.reason(e, config);
    }
    return "API error "
        + code
        + ": "
        + (e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage());
  }

  @Override
  public void close() {
    client.close();
  }
}
