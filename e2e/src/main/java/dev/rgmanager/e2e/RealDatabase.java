package dev.rgmanager.e2e;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import dev.rgmanager.operator.testing.Await;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The PostgreSQL service {@code db} of {@link PostgresManifests} on real nodes, as the tests look
 * at it: where the service stands, its servers' processes (from the nodes, not the pod objects),
 * the commits its client saw acknowledged, and the cluster "e2e"'s members.
 */
public final class RealDatabase {
  private final KubernetesClient client;
  private final String namespace;
  private final ProcessWatcher holders;
  private final Duration wait;

  public RealDatabase(
      KubernetesClient client, String namespace, ProcessWatcher holders, Duration wait) {
    this.client = client;
    this.namespace = namespace;
    this.holders = holders;
    this.wait = wait;
  }

  /** "STATE@owner" of db, e.g. STARTED@node-1 ("none" before it has a state). */
  public String where() {
    ClusterService s =
        client.resources(ClusterService.class).inNamespace(namespace).withName("db").get();
    return s == null || s.getStatus() == null || s.getStatus().state() == null
        ? "none"
        : s.getStatus().state() + "@" + s.getStatus().owner();
  }

  /** db itself (null when gone). */
  public ClusterService service() {
    return client.resources(ClusterService.class).inNamespace(namespace).withName("db").get();
  }

  /** The floating address of db: the ClusterIP of its Service db-ip. */
  public String address() {
    return Await.REAL_CLUSTER.until(
        "the Service db-ip",
        wait,
        () ->
            client
                .services()
                .inNamespace(namespace)
                .withName("db-ip")
                .get()
                .getSpec()
                .getClusterIP(),
        ip -> ip != null && !ip.isEmpty());
  }

  /** The member {@code node} of the cluster "e2e" as last recorded, or empty. */
  public Optional<MemberStatus> member(String node) {
    HACluster h = client.resources(HACluster.class).withName("e2e").get();
    return h == null
        ? Optional.empty()
        : h.getStatus().membersOrEmpty().stream().filter(m -> m.name().equals(node)).findFirst();
  }

  /** When the operator recorded {@code node} fenced, or empty when it is not. */
  public Optional<Instant> fencedAt(String node) {
    return member(node).map(MemberStatus::fencedAt).map(Instant::parse);
  }

  /** The host PID of the postmaster on {@code node}: the holder whose parent holds nothing. */
  public long postmaster(String node) {
    List<ProcessWatcher.Seen> on =
        Await.REAL_CLUSTER.until(
            "a PostgreSQL server on " + node,
            wait,
            () -> holders.latest().processes().stream().filter(p -> p.node().equals(node)).toList(),
            p -> !p.isEmpty());
    Set<Long> pids = on.stream().map(ProcessWatcher.Seen::pid).collect(Collectors.toSet());
    return on.stream()
        .map(ProcessWatcher.Seen::pid)
        .filter(pid -> !pids.contains(RealNodes.parent(pid)))
        .findFirst()
        .orElseThrow();
  }

  /** The uid of db's pod on {@code node} that is not being deleted, or "none". */
  public String podUid(String node) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel("rgmanager.dev/service", "db")
        .list()
        .getItems()
        .stream()
        .filter(p -> node.equals(p.getSpec().getNodeName()))
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .map(p -> p.getMetadata().getUid())
        .findFirst()
        .orElse("none");
  }

  /**
   * Waits for {@code count} commits acknowledged after {@code since} by the server on {@code node}
   * (its pod address is in the node's subnet 198.18.i.0/24); returns when the first was.
   */
  public Instant awaitCommits(CommittingClient app, String node, Instant since, int count) {
    String subnet = "198.18." + node.substring("node-".length()) + ".";
    return Await.REAL_CLUSTER
        .until(
            count + " commits acknowledged by the server on " + node,
            wait,
            () ->
                app.acknowledged().stream()
                    .filter(c -> c.at().isAfter(since) && c.server().startsWith(subnet))
                    .toList(),
            c -> c.size() >= count)
        .get(0)
        .at();
  }

  /** The commits the client saw acknowledged that are not in the database now. */
  public List<Long> lostCommits(CommittingClient app) throws Exception {
    Set<Long> rows = CommittingClient.rowsAt(address());
    return app.acknowledged().stream()
        .map(CommittingClient.Commit::n)
        .filter(n -> !rows.contains(n))
        .toList();
  }

  /** The samples of {@code among} in which processes of two PostgreSQL servers held the data. */
  public static List<ProcessWatcher.Sample> twoServers(List<ProcessWatcher.Sample> among) {
    return among.stream()
        .filter(
            s ->
                s.processes().stream()
                        .map(ProcessWatcher.Seen::podUid)
                        .collect(Collectors.toSet())
                        .size()
                    > 1)
        .toList();
  }
}
