package dev.rgmanager.operator.inprocess;

import dev.rgmanager.api.v1alpha1.ApiConstants;
import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.Condition;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import dev.rgmanager.api.v1alpha1.ServiceState;
import dev.rgmanager.operator.testing.ControlPlane;
import dev.rgmanager.operator.testing.Manifests;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a reconciler test works with: a client of the real API server, a namespace of its own, the
 * name of its HACluster, the {@link InProcessOperator} (its clock and scripted fencer), and the
 * nodes' heartbeats. Made fresh for each test by {@link ReconcilerHarness}.
 */
public final class LiveCluster {
  private final KubernetesClient client;
  private final ControlPlane controlPlane;
  private final String namespace;
  private final String clusterName;
  private final InProcessOperator operator;
  private final Set<String> failed = ConcurrentHashMap.newKeySet();
  private final List<Watch> watches = new CopyOnWriteArrayList<>();
  private dev.rgmanager.operator.testing.SimulatedKubeVirt kubevirt;
  private final List<Process> drains = new CopyOnWriteArrayList<>();

  LiveCluster(
      KubernetesClient client,
      ControlPlane controlPlane,
      String namespace,
      String clusterName,
      InProcessOperator operator) {
    this.client = client;
    this.controlPlane = controlPlane;
    this.namespace = namespace;
    this.clusterName = clusterName;
    this.operator = operator;
  }

  public KubernetesClient client() {
    return client;
  }

  public String namespace() {
    return namespace;
  }

  public String clusterName() {
    return clusterName;
  }

  public TestClock clock() {
    return operator.clock();
  }

  public ScriptedFencer fencer() {
    return operator.fencer();
  }

  public InProcessOperator operator() {
    return operator;
  }

  /** Server-side applies every document of {@code yaml}, NS and CLUSTER replaced. */
  public void apply(String yaml) {
    Manifests.apply(client, yaml.replace("NS", namespace).replace("CLUSTER", clusterName));
  }

  /** Stops {@code node}'s heartbeat; it is resumed after the test whatever happens. */
  public void failNode(String node) {
    failed.add(node);
    controlPlane.failNode(node);
  }

  public void recoverNode(String node) {
    controlPlane.recoverNode(node);
    failed.remove(node);
  }

  Set<String> failedNodes() {
    return Set.copyOf(failed);
  }

  public HACluster cluster() {
    return client.resources(HACluster.class).withName(clusterName).get();
  }

  /** The member's status in the test's HACluster, or null before it is decided. */
  public MemberStatus member(String node) {
    HACluster h = cluster();
    return h == null
        ? null
        : h.getStatus().membersOrEmpty().stream()
            .filter(m -> m.name().equals(node))
            .findFirst()
            .orElse(null);
  }

  public ClusterService service(String name) {
    return client.resources(ClusterService.class).inNamespace(namespace).withName(name).get();
  }

  /** "STATE@owner" of a service, e.g. "STARTED@node-1" ("none" before it has a state). */
  public String where(String name) {
    ClusterService s = service(name);
    return s == null || s.getStatus().state() == null
        ? "none"
        : s.getStatus().state() + "@" + s.getStatus().owner();
  }

  /** The nodes of a service's pods that are not being deleted. */
  public List<String> podNodes(String service) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel("rgmanager.dev/service", service)
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .map(p -> p.getSpec().getNodeName())
        .toList();
  }

  /** The reasons of the Events on one object (kind and name), oldest first. */
  public List<String> eventReasons(String kind, String name) {
    String ns = "HACluster".equals(kind) ? "default" : namespace;
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> kind.equals(e.getInvolvedObject().getKind()))
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .sorted(
            Comparator.comparing(
                Event::getFirstTimestamp, Comparator.nullsFirst(Comparator.naturalOrder())))
        .map(Event::getReason)
        .toList();
  }

  /** "reason: message" of the Events on one object. */
  public List<String> eventMessages(String kind, String name) {
    String ns = "HACluster".equals(kind) ? "default" : namespace;
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> kind.equals(e.getInvolvedObject().getKind()))
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(e -> e.getReason() + ": " + e.getMessage())
        .toList();
  }

  /**
   * The administrator's fence acknowledgement of {@code node} (kubectl cluster-status fence-ack).
   */
  public void acknowledge(String node) {
    Manifests.acknowledge(client, clusterName, List.of(node), "reconciler-test");
  }

  /**
   * Requests a one-shot operation on a service, as kubectl cluster-status does (the annotation
   * rgmanager.dev/operation); returns the request's id.
   */
  public String request(String service, String op, String node) {
    String id = Long.toString(System.nanoTime(), 36);
    Map<String, String> request = new java.util.LinkedHashMap<>();
    request.put("id", id);
    request.put("op", op);
    if (node != null) {
      request.put("node", node);
    }
    client
        .resources(ClusterService.class)
        .inNamespace(namespace)
        .withName(service)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(
                Map.of(
                    "metadata",
                    Map.of(
                        "annotations",
                        Map.of(
                            ApiConstants.OPERATION_ANNOTATION, Serialization.asJson(request))))));
    return id;
  }

  /** The service's pod's status check fails: its pod is deleted at once, as if it crashed. */
  public void killPod(String service) {
    List<Pod> pods =
        client
            .pods()
            .inNamespace(namespace)
            .withLabel("rgmanager.dev/service", service)
            .list()
            .getItems()
            .stream()
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
            .toList();
    if (pods.size() != 1) {
      throw new AssertionError("expected one pod of " + service + ", found " + pods.size());
    }
    client
        .pods()
        .inNamespace(namespace)
        .withName(pods.get(0).getMetadata().getName())
        .withGracePeriod(0)
        .delete();
  }

  /**
   * Whether a service waits for {@code node} to be fenced: owned by it, WaitingForFencing True. Its
   * state is recovering, or a stop that waits when the node's loss was first taken for a failed
   * status check (the race of FailoverReconcilerTest#aLostNodesServicesFailOverWhateverTheir...).
   */
  public boolean waitsForFencingOn(String service, String node) {
    ClusterService s = service(service);
    Condition waiting = condition(service, "WaitingForFencing");
    return s != null
        && s.getStatus() != null
        && node.equals(s.getStatus().owner())
        && waiting != null
        && "True".equals(waiting.status());
  }

  /** The condition {@code type} of a service, or null. */
  public Condition condition(String service, String type) {
    ClusterService s = service(service);
    return s == null ? null : ofType(s.getStatus().conditionsOrEmpty(), type);
  }

  /** The condition {@code type} among {@code conditions}, or null. */
  static Condition ofType(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst().orElse(null);
  }

  /** One pod of a service as first seen by a watch: its node, and when (this JVM's time). */
  public record Placement(String pod, String node, Instant seen) {}

  /** Every pod of {@code service} ever placed from now on, as a watch sees them. */
  public List<Placement> watchPlacements(String service) {
    List<Placement> placed = new CopyOnWriteArrayList<>();
    watches.add(
        client
            .pods()
            .inNamespace(namespace)
            .withLabel("rgmanager.dev/service", service)
            .watch(
                new Watcher<Pod>() {
                  @Override
                  public void eventReceived(Action action, Pod pod) {
                    String name = pod.getMetadata().getName();
                    String node = pod.getSpec().getNodeName();
                    if (placed.stream()
                        .noneMatch(p -> p.pod().equals(name) && p.node().equals(node))) {
                      placed.add(new Placement(name, node, Instant.now()));
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                }));
    return placed;
  }

  private static final Set<ServiceState> OCCUPYING =
      Set.of(
          ServiceState.STARTING,
          ServiceState.STARTED,
          ServiceState.STOPPING,
          ServiceState.MIGRATING,
          ServiceState.RECOVERING,
          ServiceState.FAILED);

  /**
   * From now on, every status the API server records, in its order: each moment at which an
   * exclusive service shared its node with another service (both starting, started, stopping,
   * migrating, recovering or failed there), as "node [services]".
   */
  public List<String> watchSharedNodes() {
    List<String> shared = new CopyOnWriteArrayList<>();
    Map<String, String> occupying = new HashMap<>();
    Set<String> exclusive = new java.util.HashSet<>();
    watches.add(
        client
            .resources(ClusterService.class)
            .inNamespace(namespace)
            .watch(
                new Watcher<ClusterService>() {
                  @Override
                  public synchronized void eventReceived(Action action, ClusterService s) {
                    String name = s.getMetadata().getName();
                    var st = s.getStatus();
                    if (s.getSpec().exclusiveOrDefault()) {
                      exclusive.add(name);
                    }
                    if (action == Action.DELETED
                        || st == null
                        || st.owner() == null
                        || !OCCUPYING.contains(st.state())) {
                      occupying.remove(name);
                    } else {
                      occupying.put(name, st.owner());
                    }
                    Map<String, List<String>> byNode = new HashMap<>();
                    occupying.forEach(
                        (svc, node) ->
                            byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(svc));
                    byNode.forEach(
                        (node, svcs) -> {
                          if (svcs.size() > 1 && svcs.stream().anyMatch(exclusive::contains)) {
                            shared.add(node + " " + svcs);
                          }
                        });
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                }));
    return shared;
  }

  /** Closes {@code watch} after the test, with the cluster's own watches. */
  public void onClose(Watch watch) {
    watches.add(watch);
  }

  /** The control plane's kubeconfig, for the real kubectl. */
  public java.nio.file.Path kubeconfig() {
    return controlPlane.kubeconfig();
  }

  /** One of the control plane's binaries (kubectl, say), as `control-plane build` made it. */
  public java.nio.file.Path binary(String name) {
    return controlPlane.binDir().resolve(name);
  }

  /**
   * KubeVirt's controllers, played for this test ({@link
   * dev.rgmanager.operator.testing.SimulatedKubeVirt}), started on first use; stopped after the
   * test's services are deleted, so that their instances can go.
   */
  public synchronized dev.rgmanager.operator.testing.SimulatedKubeVirt kubevirt() {
    if (kubevirt == null) {
      kubevirt = dev.rgmanager.operator.testing.SimulatedKubeVirt.start(client);
    }
    return kubevirt;
  }

  synchronized void closeKubeVirt() {
    if (kubevirt != null) {
      kubevirt.close();
      kubevirt = null;
    }
  }

  /** A {@code kubectl drain} running: its process, and what it printed so far. */
  public record Drain(Process process, java.nio.file.Path log) {
    public String output() throws java.io.IOException {
      return java.nio.file.Files.readString(log, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /**
   * Starts the real {@code kubectl drain NODE} against the test's API server, for the pods matching
   * {@code podSelector}, with a 90 s timeout; stopped after the test if it still runs.
   */
  public Drain drain(String node, String podSelector) throws java.io.IOException {
    java.nio.file.Path log = java.nio.file.Files.createTempFile("drain-" + node, ".log");
    Process p =
        new ProcessBuilder(
                binary("kubectl").toString(),
                "--kubeconfig",
                kubeconfig().toString(),
                "drain",
                node,
                "--ignore-daemonsets",
                "--delete-emptydir-data",
                "--pod-selector=" + podSelector,
                "--timeout=90s")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    drains.add(p);
    return new Drain(p, log);
  }

  void closeWatches() {
    drains.forEach(Process::destroyForcibly);
    watches.forEach(Watch::close);
  }
}
