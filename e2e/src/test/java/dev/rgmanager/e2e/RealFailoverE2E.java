package dev.rgmanager.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.ControlPlane;
import dev.rgmanager.operator.testing.Crds;
import dev.rgmanager.operator.testing.Manifests;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Failover on real nodes, where a second copy of a service is a second running process: a hung
 * node's service is not started elsewhere until the node is fenced (an administrator's
 * acknowledgement after cutting its power), then runs on the next node; when the node is powered on
 * again its kubelet does not bring the old copy back, and at no instant do two copies run.
 */
@ExtendWith(RealFailoverE2E.WhereRealNodesRun.class)
class RealFailoverE2E {
  private static final String CLUSTER = "realfail";
  private static final String NS = "realfail";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration TOKEN = Duration.ofSeconds(4);
  private static final List<String> NODES = List.of("node-1", "node-2", "node-3");
  private static ControlPlane cp;
  private static KubernetesClient client;

  /** Skips the class, with the reason, on a machine that cannot run real nodes. */
  static final class WhereRealNodesRun extends RealNodes.WhereTheyRun {
    @Override
    protected String cluster() {
      return CLUSTER;
    }
  }

  @BeforeAll
  static void start() throws IOException {
    cp = ControlPlane.realNodes(CLUSTER, NODES.size());
    client = RealNodes.client(cp);
    Crds.install(client);
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (cp != null) {
      cp.stop();
    }
  }

  /**
   * The service: a shell that writes a counter, its pod and its node every 0.2 s, and serves its
   * node's name on 8080 behind the floating address ticker-ip.
   */
  static String ticker(String marker) {
    return ticker(NS, marker);
  }

  /** The same service in namespace {@code ns}. */
  static String ticker(String ns, String marker) {
    return """
        apiVersion: rgmanager.dev/v1alpha1
        kind: ClusterService
        metadata:
          name: ticker
          namespace: NS
        spec:
          domain: abc
          statusInterval: 2s
          resources:
            - name: app
              app:
                template:
                  spec:
                    terminationGracePeriodSeconds: 1
                    containers:
                      - name: app
                        image: localhost/rgm/busybox:1.35
                        imagePullPolicy: Never
                        command:
                          - /bin/sh
                          - -c
                          - >-
                            mkdir -p /www; echo $NODE_NAME > /www/index.html; httpd -p 8080 -h /www;
                            i=0; while true; do i=$((i+1)); echo "$i $HOSTNAME $NODE_NAME"; sleep 0.2; done
                          - MARKER
                        env:
                          - name: NODE_NAME
                            valueFrom:
                              fieldRef:
                                fieldPath: spec.nodeName
            - name: ip
              ip:
                serviceName: ticker-ip
                ports:
                  - port: 80
                    targetPort: 8080
        ---
        """
        .replace("NS", ns)
        .replace("MARKER", marker);
  }

  @Test
  void aHungNodesServiceRunsElsewhereOnlyAfterFencingAndNeverTwice() throws Exception {
    Instant began = Instant.now();
    String marker = "ticker-" + UUID.randomUUID();
    Manifests.systemNamespace(client);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
    Map<String, String> cgroups = new LinkedHashMap<>();
    for (String node : NODES) {
      cgroups.put(node, cp.nodeCgroup(node));
    }
    Manifests.apply(
        client,
        Manifests.REAL_CLUSTER.cluster(false)
            + Manifests.REAL_CLUSTER.orderedDomain(NS)
            + ticker(marker));
    try (ProcessWatcher watcher = new ProcessWatcher(marker, cgroups);
        OperatorProcess operator = OperatorProcess.start(cp.kubeconfig(), "realfail")) {
      try {
        scenario(watcher, operator);
      } catch (AssertionError | RuntimeException e) {
        System.err.println("RealFailoverE2E: samples with a process of ticker:");
        watcher.samples().stream()
            .filter(s -> !s.processes().isEmpty())
            .forEach(s -> System.err.println("  " + s));
        throw e;
      }
    }
    System.err.println(
        "RealFailoverE2E took " + Duration.between(began, Instant.now()).toMillis() + " ms");
  }

  private void scenario(ProcessWatcher watcher, OperatorProcess operator) throws Exception {
    // 1. ticker runs on node-1, the most preferred member: one process, in node-1's cgroup.
    Await.REAL_CLUSTER.until(
        "ticker started on node-1", WAIT, this::where, "STARTED@node-1"::equals);
    ProcessWatcher.Seen first =
        Await.REAL_CLUSTER
            .until(
                "one live process of ticker, on node-1",
                WAIT,
                () -> watcher.latest().processes(),
                p -> p.size() == 1 && p.get(0).live() && p.get(0).node().equals("node-1"))
            .get(0);
    String oldPod = podUid("node-1");
    assertThat(first.podUid()).as("the process belongs to the pod on node-1").isEqualTo(oldPod);

    // 2. node-1 hangs: its processes are frozen, its heartbeat stops. ticker must not start
    // elsewhere: node-1 may wake up at any moment, and is not fenced.
    cp.hangNode("node-1");
    Await.REAL_CLUSTER.until(
        "node-1 offline",
        WAIT,
        () -> FailoverE2E.member(client, "node-1"),
        m -> m == MemberState.OFFLINE);
    Await.REAL_CLUSTER.until(
        "ticker recovering, waiting for fencing", WAIT, this::where, "RECOVERING@node-1"::equals);
    Await.REAL_CLUSTER.holds(
        "no process of ticker on node-2 or node-3 while node-1 is unfenced",
        TOKEN.multipliedBy(3),
        () -> watcher.latest().processes(),
        p -> p.stream().allMatch(s -> s.node().equals("node-1")));
    assertThat(watcher.latest().processes())
        .as("node-1's ticker is frozen, not gone")
        .singleElement()
        .matches(s -> s.pid() == first.pid() && !s.live(), "the same process, frozen");

    // 3. The administrator powers node-1 off, then acknowledges that it is off.
    cp.powerCut("node-1");
    assertThat(RealNodes.dead(first.pid())).as("node-1's ticker died with the power").isTrue();
    Instant acknowledged = Instant.now();
    Manifests.acknowledge(client, "e2e", List.of("node-1"), "e2e");
    Await.REAL_CLUSTER.until(
        "ticker started on node-2", WAIT, this::where, "STARTED@node-2"::equals);
    ProcessWatcher.Seen second =
        Await.REAL_CLUSTER
            .until(
                "a live process of ticker on node-2",
                WAIT,
                () -> watcher.latest().live(),
                p -> p.size() == 1 && p.get(0).node().equals("node-2"))
            .get(0);
    Instant movedAt = Instant.now();
    Await.REAL_CLUSTER.until(
        "node-1 fenced",
        WAIT,
        () -> FailoverE2E.member(client, "node-1"),
        m -> m == MemberState.FENCED);
    Await.REAL_CLUSTER.until(
        "node-1 tainted out of service", WAIT, () -> FailoverE2E.tainted(client, "node-1"), t -> t);
    Await.REAL_CLUSTER.until(
        "the address ticker-ip answering from node-2",
        WAIT,
        () -> RealNodes.httpGet(address()),
        body -> body.trim().equals("node-2"));
    assertThat(
            client
                .resources(ClusterService.class)
                .inNamespace(NS)
                .withName("ticker")
                .get()
                .getStatus()
                .lastOwner())
        .isEqualTo("node-1");
    Await.REAL_CLUSTER.until(
        "ticker's Events",
        WAIT,
        () -> FailoverE2E.eventReasons(client, NS, "ticker"),
        r -> r.containsAll(List.of("WaitingForFencing", "ServiceRelocated", "ServiceStarted")));
    assertThat(operator.metric("rgmanager_failovers_total")).isEqualTo(1.0);
    assertThat(watcher.between(Instant.EPOCH, acknowledged))
        .as("before the acknowledgement, no process of ticker outside node-1")
        .allMatch(s -> s.processes().stream().allMatch(p -> p.node().equals("node-1")));
    assertThat(log(second))
        .as("node-2's ticker writes its lines")
        .containsPattern("\\d+ \\S+ node-2");

    // 4. node-1 is powered on and rejoins. Its kubelet must not restart the old pod: Kubernetes
    // deleted it when node-1 was tainted out of service. A process of it would be a split brain.
    cp.powerOn("node-1");
    Instant poweredOn = Instant.now();
    Await.REAL_CLUSTER.until(
        "node-1 online",
        WAIT,
        () -> FailoverE2E.member(client, "node-1"),
        m -> m == MemberState.ONLINE);
    Await.REAL_CLUSTER.until(
        "node-1's taint removed", WAIT, () -> FailoverE2E.tainted(client, "node-1"), t -> !t);
    // ordered domain: ticker may now fail back to node-1, as a new pod
    Await.REAL_CLUSTER.until(
        "ticker failed back to node-1", WAIT, this::where, "STARTED@node-1"::equals);
    Await.REAL_CLUSTER.until(
        "one live process of ticker, on node-1 again",
        WAIT,
        () -> watcher.latest().live(),
        p -> p.size() == 1 && p.get(0).node().equals("node-1"));
    Instant end = Instant.now();
    Await.REAL_CLUSTER.until(
        "the address ticker-ip answering from node-1 again",
        WAIT,
        () -> RealNodes.httpGet(address()),
        body -> body.trim().equals("node-1"));
    System.err.printf(
        "RealFailoverE2E timeline: ack->ticker on node-2 %d ms, power-on->failback %d ms%n",
        Duration.between(acknowledged, movedAt).toMillis(),
        Duration.between(poweredOn, end).toMillis());

    List<ProcessWatcher.Sample> all = watcher.samples();
    System.err.printf(
        "RealFailoverE2E: %d samples; pods seen (uid@node, samples live/frozen): %s%n",
        all.size(),
        all.stream()
            .flatMap(s -> s.processes().stream())
            .collect(
                java.util.stream.Collectors.groupingBy(
                    p -> p.podUid() + "@" + p.node(),
                    LinkedHashMap::new,
                    java.util.stream.Collectors.partitioningBy(
                        ProcessWatcher.Seen::live, java.util.stream.Collectors.counting()))));
    assertThat(
            all.stream()
                .filter(
                    s ->
                        s.processes().stream().anyMatch(p -> p.podUid().equals(oldPod))
                            && s.at().isAfter(poweredOn))
                .toList())
        .as(
            "SPLIT BRAIN: node-1's kubelet restarted the old ticker pod %s after power-on"
                + " (ticker ran on node-2 since %s)",
            oldPod, movedAt)
        .isEmpty();
    assertThat(all.stream().filter(s -> s.live().size() > 1).toList())
        .as("samples where two copies of ticker ran at once")
        .isEmpty();
    assertThat(all.stream().flatMap(s -> s.processes().stream()).map(ProcessWatcher.Seen::node))
        .as("every process of ticker ran on a real node")
        .allMatch(NODES::contains);
    assertThat(all.size())
        .as("samples taken (every 100 ms)")
        .isGreaterThan((int) (Duration.between(all.get(0).at(), end).toMillis() / 400));
    assertThat(operator.logText()).contains("service=" + NS + "/ticker node=node-2 decision=start");
  }

  private String where() {
    ClusterService s =
        client.resources(ClusterService.class).inNamespace(NS).withName("ticker").get();
    return s == null || s.getStatus() == null
        ? "none"
        : s.getStatus().state() + "@" + s.getStatus().owner();
  }

  /** The floating address of ticker: the ClusterIP of its Service ticker-ip. */
  private String address() {
    return "http://"
        + client.services().inNamespace(NS).withName("ticker-ip").get().getSpec().getClusterIP()
        + "/";
  }

  /** The UID of ticker's pod bound to {@code node}. */
  private String podUid(String node) {
    return client
        .pods()
        .inNamespace(NS)
        .withLabel("rgmanager.dev/service", "ticker")
        .list()
        .getItems()
        .stream()
        .filter(p -> node.equals(p.getSpec().getNodeName()))
        .map(p -> p.getMetadata().getUid())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no pod of ticker on " + node));
  }

  /** The log of the pod that {@code process} belongs to. */
  private String log(ProcessWatcher.Seen process) {
    return Await.REAL_CLUSTER.until(
        "a line in the log of ticker's pod on " + process.node(),
        Duration.ofSeconds(20),
        () ->
            client
                .pods()
                .inNamespace(NS)
                .withLabel("rgmanager.dev/service", "ticker")
                .list()
                .getItems()
                .stream()
                .filter(p -> p.getMetadata().getUid().equals(process.podUid()))
                .findFirst()
                .map(
                    p -> client.pods().inNamespace(NS).withName(p.getMetadata().getName()).getLog())
                .orElse(""),
        l -> l.contains(" " + process.node()));
  }
}
