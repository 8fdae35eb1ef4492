package dev.rgmanager.plugin.status;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.plugin.status.StatusCommand.Snapshot;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Comparator;
import java.util.List;

/**
 * The refreshing view's source: one list and then a watch of the HACluster and of the services
 * (informers on the one client), so each frame is read from memory instead of listing again, once
 * the server has answered that frame's version request. A watch that fails (no permission, the
 * server went away) is not retried behind the view's back: the next frame lists instead, and a
 * failed list is thrown (the view says so and keeps the last frame it had); once a list answers
 * again, the watches start again from it.
 */
final class LiveSnapshots implements AutoCloseable {
  private static final Comparator<ClusterService> BY_NAMESPACE_AND_NAME =
      Comparator.comparing((ClusterService s) -> s.getMetadata().getNamespace())
          .thenComparing(s -> s.getMetadata().getName());

  private SharedIndexInformer<HACluster> clusters;
  private SharedIndexInformer<ClusterService> services;
  private final KubernetesClient client;
  private final String namespace;

  /** Lists and starts watching; a failed first list is thrown, as a single read's would be. */
  LiveSnapshots(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    watch();
  }

  private void watch() {
    var op = client.resources(ClusterService.class);
    SharedIndexInformer<HACluster> c = client.resources(HACluster.class).runnableInformer(0);
    SharedIndexInformer<ClusterService> s =
        (namespace == null ? op.inAnyNamespace() : op.inNamespace(namespace)).runnableInformer(0);
    // A failed list is not retried behind the view's back: the informer stops, the frame lists.
    c.exceptionHandler((started, t) -> false);
    s.exceptionHandler((started, t) -> false);
    try {
      c.run();
      s.run();
    } catch (RuntimeException e) {
      c.stop();
      s.stop();
      throw e;
    }
    this.clusters = c;
    this.services = s;
  }

  /**
   * The cluster and services now: from the watches while they run, else listed. Each frame first
   * asks the server for its version (one small request): an informer whose watch dropped keeps
   * reconnecting quietly, and would otherwise show the past as the present.
   */
  Snapshot read() {
    client.getKubernetesVersion();
    if (!clusters.isRunning() || !services.isRunning()) {
      Snapshot listed = Snapshot.read(client, namespace);
      // Stopped by a failure, and the server answers again: watch from here on.
      close();
      try {
        watch();
      } catch (RuntimeException e) {
        // The list answered, the watch did not: this frame stands, the next one lists again.
      }
      return listed;
    }
    HACluster cluster =
        clusters.getStore().list().stream()
            .min(Comparator.comparing(c -> c.getMetadata().getName()))
            .orElse(null);
    List<ClusterService> all =
        services.getStore().list().stream().sorted(BY_NAMESPACE_AND_NAME).toList();
    return new Snapshot(cluster, all);
  }

  @Override
  public void close() {
    if (clusters != null) {
      clusters.stop();
    }
    if (services != null) {
      services.stop();
    }
  }
}
