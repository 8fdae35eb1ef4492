package dev.rgmanager.plugin.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.HACluster;
import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Readies the client library on a second thread while the main one parses the command line: the
 * kubeconfig parser, the model's type registry (every model class, found by a service scan), the
 * JSON mapping of the plugin's two kinds, and the TLS classes. What a call spends first on one core
 * is then spread over two; nothing is read or sent, so a failure here costs nothing but the time.
 */
public final class ClientPreparation {
  private static volatile CompletableFuture<KubernetesSerialization> prepared;

  private ClientPreparation() {}

  /** Starts readying the client, once; for the commands that talk to the cluster. */
  public static synchronized void start() {
    if (prepared != null) {
      return;
    }
    CompletableFuture<KubernetesSerialization> future = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                future.complete(prepare());
              } catch (RuntimeException | Error | java.security.GeneralSecurityException e) {
                future.completeExceptionally(e);
              }
            },
            "client-preparation");
    thread.setDaemon(true);
    thread.start();
    prepared = future;
  }

  /** The client's JSON mapping: the one readied, if it was started and worked, else a new one. */
  static KubernetesSerialization serialization() {
    CompletableFuture<KubernetesSerialization> future = prepared;
    if (future != null) {
      try {
        return future.join();
      } catch (RuntimeException e) {
        // Not ready after all: the client is built as it would be without preparation.
      }
    }
    return new KubernetesSerialization();
  }

  private static KubernetesSerialization prepare() throws java.security.GeneralSecurityException {
    // First what the main thread needs first: the kubeconfig's YAML and the model's registry.
    KubeConfigUtils.parseConfigFromString("apiVersion: v1\nkind: Config\n");
    KubernetesSerialization serialization = new KubernetesSerialization();
    serialization.unmarshal(
        "{\"apiVersion\":\"rgmanager.dev/v1alpha1\",\"kind\":\"HAClusterList\",\"items\":[{}]}",
        new TypeReference<DefaultKubernetesResourceList<HACluster>>() {});
    serialization.unmarshal(
        "{\"apiVersion\":\"rgmanager.dev/v1alpha1\",\"kind\":\"ClusterServiceList\",\"items\":[{}]}",
        new TypeReference<DefaultKubernetesResourceList<ClusterService>>() {});
    CertificateFactory.getInstance("X.509");
    KeyStore.getInstance(KeyStore.getDefaultType());
    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    SSLContext.getInstance("TLS");
    return serialization;
  }
}
