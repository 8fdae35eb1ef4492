package dev.rgmanager.e2e;

import dev.rgmanager.operator.testing.ControlPlane;
import dev.rgmanager.operator.testing.Crds;
import dev.rgmanager.operator.testing.Manifests;
import dev.rgmanager.operator.testing.RepoPaths;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A cluster of real nodes running the PostgreSQL service of {@link PostgresManifests}: its own
 * control plane, one BMC per node whose power off is the node's power cut, the HACluster "e2e"
 * fencing each node by its BMC, and a watcher of the processes that hold the database's data. The
 * operator is the test's to start.
 */
public final class DatabaseCluster implements AutoCloseable {
  private final ControlPlane cp;
  private final KubernetesClient client;
  private final Bmcs bmcs;
  private final ProcessWatcher holders;
  private final RealDatabase db;

  private DatabaseCluster(
      ControlPlane cp,
      KubernetesClient client,
      Bmcs bmcs,
      ProcessWatcher holders,
      RealDatabase db) {
    this.cp = cp;
    this.client = client;
    this.bmcs = bmcs;
    this.holders = holders;
    this.db = db;
  }

  /** Starts {@code nodes} real nodes as cluster {@code name}, db in namespace {@code namespace}. */
  public static DatabaseCluster start(
      String name, String namespace, int bmcBasePort, int nodes, Duration wait) throws Exception {
    ControlPlane cp = ControlPlane.realNodes(name, nodes, List.of("pause", "busybox", "postgres"));
    KubernetesClient client = RealNodes.client(cp);
    Crds.install(client);
    Bmcs bmcs =
        Bmcs.forRealNodes(
            cp, nodes, bmcBasePort, RepoPaths.root().resolve("e2e/target/" + name + "-bmcs"));
    Path data = PostgresManifests.dataDirectory(cp);
    List<String> names = IntStream.rangeClosed(1, nodes).mapToObj(i -> "node-" + i).toList();
    ProcessWatcher holders = ProcessWatcher.holding(data.resolve("pgdata"), cp.nodeCgroups(names));
    Manifests.systemNamespace(client);
    Manifests.namespace(client, namespace);
    Manifests.apply(
        client,
        BmcManifests.fencedCluster(bmcBasePort)
            + Manifests.REAL_CLUSTER.orderedDomain(namespace)
            + PostgresManifests.sharedVolume(data, name + "-shared-pg", namespace, "db-data")
            + PostgresManifests.service(namespace));
    return new DatabaseCluster(
        cp, client, bmcs, holders, new RealDatabase(client, namespace, holders, wait));
  }

  public ControlPlane controlPlane() {
    return cp;
  }

  public KubernetesClient client() {
    return client;
  }

  public Bmcs bmcs() {
    return bmcs;
  }

  public ProcessWatcher holders() {
    return holders;
  }

  public RealDatabase db() {
    return db;
  }

  @Override
  public void close() throws Exception {
    holders.close();
    bmcs.close();
    client.close();
    cp.stop();
  }
}
