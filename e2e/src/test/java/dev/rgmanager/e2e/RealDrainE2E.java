package dev.rgmanager.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.Condition;
import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.ControlPlane;
import dev.rgmanager.operator.testing.Crds;
import dev.rgmanager.operator.testing.Manifests;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code kubectl drain} on real kubelets, watched as processes: the drain of a node moves its
 * service off (a new process on another node, never a restart on the drained one), completes once
 * the service has moved, and waits, with the reason, for an exclusive service that no other node
 * can take; taking the first node out of maintenance lets that drain complete. At no instant do two
 * processes of one service run, nor the exclusive service's process beside another service's.
 */
@ExtendWith(RealDrainE2E.WhereRealNodesRun.class)
class RealDrainE2E {
  private static final String CLUSTER = "realdrain";
  private static final String NS = "realdrain";
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final List<String> NODES = List.of("node-1", "node-2", "node-3");
  private static final String SELECTOR = "rgmanager.dev/service in (ticker,solo)";
  private static ControlPlane cp;
  private static KubernetesClient client;
  private final List<Process> drains = new java.util.ArrayList<>();

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

  /** An exclusive service with no domain: one shell writing a line a second. */
  private static String solo(String marker) {
    return """
        apiVersion: rgmanager.dev/v1alpha1
        kind: ClusterService
        metadata:
          name: solo
          namespace: NS
        spec:
          exclusive: true
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
                        command: [/bin/sh, -c, 'while true; do date; sleep 1; done', MARKER]
        ---
        """
        .replace("NS", NS)
        .replace("MARKER", marker);
  }

  @Test
  void aDrainMovesTheServiceOffAndWaitsForOneThatCannotMoveUntilANodeIsFree() throws Exception {
    Manifests.systemNamespace(client);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
    Map<String, String> cgroups = cp.nodeCgroups(NODES);
    String tickerMarker = "ticker-" + UUID.randomUUID();
    String soloMarker = "solo-" + UUID.randomUUID();
    Manifests.apply(
        client,
        Manifests.REAL_CLUSTER.cluster(false)
            + Manifests.REAL_CLUSTER.orderedDomain(NS)
            + RealFailoverE2E.ticker(NS, tickerMarker));
    try (ProcessWatcher ticker = new ProcessWatcher(tickerMarker, cgroups);
        ProcessWatcher solo = new ProcessWatcher(soloMarker, cgroups);
        OperatorProcess operator = OperatorProcess.start(cp.kubeconfig(), CLUSTER)) {
      try {
        scenario(ticker, solo, soloMarker, operator);
      } catch (AssertionError | RuntimeException e) {
        System.err.println("RealDrainE2E: ticker's samples: " + withProcesses(ticker));
        System.err.println("RealDrainE2E: solo's samples: " + withProcesses(solo));
        throw e;
      } finally {
        drains.forEach(Process::destroyForcibly);
        for (String node : NODES) {
          uncordon(node);
        }
      }
    }
  }

  private void scenario(
      ProcessWatcher ticker, ProcessWatcher solo, String soloMarker, OperatorProcess operator)
      throws Exception {
    // 1. ticker (ordered: node-1, node-2, node-3) on node-1; solo, exclusive, on the emptiest node.
    Await.REAL_CLUSTER.until(
        "ticker started on node-1", WAIT, () -> where("ticker"), "STARTED@node-1"::equals);
    long tickerFirst = onlyProcess("ticker", ticker, "node-1");
    Manifests.apply(client, solo(soloMarker));
    Await.REAL_CLUSTER.until(
        "solo started on node-2", WAIT, () -> where("solo"), "STARTED@node-2"::equals);
    long soloFirst = onlyProcess("solo", solo, "node-2");

    // 2. node-1 drained: ticker moves to node-3 (node-2 runs solo, exclusive); the drain completes.
    Instant drained1 = Instant.now();
    Drain first = drain("node-1");
    drains.add(first.process());
    assertThat(first.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("the drain of node-1 completes")
        .isTrue();
    assertThat(first.process().exitValue()).as(first.output()).isZero();
    assertThat(first.output()).contains("node/node-1 drained");
    Await.REAL_CLUSTER.until(
        "ticker started on node-3", WAIT, () -> where("ticker"), "STARTED@node-3"::equals);
    onlyProcess("ticker", ticker, "node-3");
    assertThat(RealNodes.dead(tickerFirst)).as("node-1's ticker process ended").isTrue();
    assertThat(service("ticker").getStatus().restartsOrEmpty())
        .as("a move, not a restart")
        .isEmpty();

    // 3. node-2 drained: solo has no node (node-1 cordoned, node-3 runs ticker). The drain waits,
    // solo keeps its one process on node-2, and says why it stays.
    Instant drained2 = Instant.now();
    Drain second = drain("node-2");
    drains.add(second.process());
    Await.REAL_CLUSTER.until(
        "solo says it cannot move",
        WAIT,
        () -> condition("solo", "CannotMove"),
        c -> c != null && "True".equals(c.status()));
    Await.REAL_CLUSTER.holds(
        "solo's one process keeps running on node-2 while the drain waits",
        Duration.ofSeconds(6),
        () -> solo.latest().live().stream().map(ProcessWatcher.Seen::pid).toList(),
        List.of(soloFirst)::equals);
    assertThat(second.process().isAlive()).as("the drain of node-2 waits").isTrue();

    // 4. node-1 back from maintenance: a node is free for solo (node-1, or node-3 once ticker fails
    // back to node-1); the drain of node-2 completes.
    Instant uncordoned = Instant.now();
    uncordon("node-1");
    assertThat(second.process().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("the drain of node-2 completes once solo could move")
        .isTrue();
    assertThat(second.process().exitValue()).as(second.output()).isZero();
    Await.REAL_CLUSTER.until(
        "solo and ticker started apart, neither on node-2",
        WAIT,
        () -> Set.of(where("solo"), where("ticker")),
        w -> w.equals(Set.of("STARTED@node-1", "STARTED@node-3")));
    Await.REAL_CLUSTER.until(
        "one live process each, on the nodes their statuses name",
        WAIT,
        () -> List.of(nodesOf(ticker), nodesOf(solo)),
        n -> n.get(0).equals(List.of(owner("ticker"))) && n.get(1).equals(List.of(owner("solo"))));
    assertThat(RealNodes.dead(soloFirst)).as("node-2's solo process ended").isTrue();
    assertThat(service("solo").getStatus().restartsOrEmpty()).isEmpty();

    // What the processes did, all along.
    assertThat(ticker.samples().stream().filter(s -> s.live().size() > 1).toList())
        .as("samples where two processes of ticker ran at once")
        .isEmpty();
    assertThat(solo.samples().stream().filter(s -> s.live().size() > 1).toList())
        .as("samples where two processes of solo ran at once")
        .isEmpty();
    assertThat(
            ticker.between(drained1, uncordoned).stream()
                .flatMap(s -> s.processes().stream())
                .filter(p -> p.node().equals("node-1") && p.pid() != tickerFirst)
                .toList())
        .as("no process of ticker started on node-1 while it was drained")
        .isEmpty();
    assertThat(
            solo.between(drained2, Instant.now()).stream()
                .flatMap(s -> s.processes().stream())
                .filter(p -> p.node().equals("node-2") && p.pid() != soloFirst)
                .toList())
        .as("no process of solo started on node-2 while it was drained")
        .isEmpty();
    assertThat(sharedWithSolo(ticker, solo))
        .as("moments solo's process (exclusive) ran on a node beside ticker's")
        .isEmpty();
    assertThat(operator.logText()).contains("service=" + NS + "/ticker node=node-3 decision=");
  }

  /** The one live process of {@code watcher}'s service, once it runs on {@code node} alone. */
  private static long onlyProcess(String service, ProcessWatcher watcher, String node) {
    return Await.REAL_CLUSTER
        .until(
            "one live process of " + service + " on " + node,
            WAIT,
            () -> watcher.latest().live(),
            p -> p.size() == 1 && p.get(0).node().equals(node))
        .get(0)
        .pid();
  }

  private static List<String> nodesOf(ProcessWatcher watcher) {
    return watcher.latest().live().stream().map(ProcessWatcher.Seen::node).toList();
  }

  /**
   * Each of solo's samples that saw a live process of solo on a node where the nearest sample of
   * ticker, taken within 100 ms, saw ticker's live process.
   */
  private static List<String> sharedWithSolo(ProcessWatcher ticker, ProcessWatcher solo) {
    List<ProcessWatcher.Sample> tickers = ticker.samples();
    return solo.samples().stream()
        .flatMap(
            s ->
                s.live().stream()
                    .filter(
                        p ->
                            tickers.stream()
                                .filter(
                                    t -> Duration.between(t.at(), s.at()).abs().toMillis() <= 100)
                                .anyMatch(
                                    t ->
                                        t.live().stream().anyMatch(x -> x.node().equals(p.node()))))
                    .map(p -> s.at() + " " + p.node()))
        .toList();
  }

  private static String withProcesses(ProcessWatcher w) {
    return w.samples().stream()
        .filter(s -> !s.processes().isEmpty())
        .map(Object::toString)
        .collect(Collectors.joining("\n  ", "\n  ", ""));
  }

  private static ClusterService service(String name) {
    return client.resources(ClusterService.class).inNamespace(NS).withName(name).get();
  }

  private static String where(String name) {
    ClusterService s = service(name);
    return s == null || s.getStatus() == null
        ? "none"
        : s.getStatus().state() + "@" + s.getStatus().owner();
  }

  private static String owner(String name) {
    return service(name).getStatus().owner();
  }

  private static Condition condition(String name, String type) {
    ClusterService s = service(name);
    return s == null || s.getStatus() == null
        ? null
        : s.getStatus().conditionsOrEmpty().stream()
            .filter(c -> type.equals(c.type()))
            .findFirst()
            .orElse(null);
  }

  private record Drain(Process process, Path log) {
    String output() throws IOException {
      return Files.readString(log);
    }
  }

  /** {@code kubectl drain NODE} of the control plane's kubectl, for the two services' pods. */
  private static Drain drain(String node) throws IOException {
    Path log = Files.createTempFile("realdrain-" + node, ".log");
    Process p =
        new ProcessBuilder(
                cp.binDir().resolve("kubectl").toString(),
                "--kubeconfig",
                cp.kubeconfig().toString(),
                "drain",
                node,
                "--ignore-daemonsets",
                "--delete-emptydir-data",
                "--pod-selector=" + SELECTOR,
                "--timeout=" + WAIT.toSeconds() + "s")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new Drain(p, log);
  }

  private static void uncordon(String node) {
    client
        .nodes()
        .withName(node)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"unschedulable\":null}}");
  }
}
