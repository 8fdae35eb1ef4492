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
 * (informers on the one client), so each frame is read from memory instead of listing again. A
 * watch that fails (the server went away, no permission) is not retried behind the view's back: the
 * next frame ends the view with that failure, as a failed read did, rather than show stale state as
 * if it were current.
 */
final class LiveSnapshots implements AutoCloseable {
  private static final Comparator<ClusterService> BY_NAMESPACE_AND_NAME =
      Comparator.comparing((ClusterService s) -> s.getMetadata().getNamespace())
          .thenComparing(s -> s.getMetadata().getName());

  private final SharedIndexInformer<HACluster> clusters;
  private final SharedIndexInformer<ClusterService> services;
  private final KubernetesClient client;
  private final String namespace;

  /** Lists and starts watching; a failed first list is thrown, as a single read's would be. */
  LiveSnapshots(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
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

  /** The cluster and services now: from the watches while they run, else listed. */
  Snapshot read() {
    if (!clusters.isRunning() || !services.isRunning()) {
      return Snapshot.read(client, namespace);
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
    clusters.stop();
    services.stop();
  }
}
