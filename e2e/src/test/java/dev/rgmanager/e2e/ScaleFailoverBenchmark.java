package dev.rgmanager.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.ControlPlane;
import dev.rgmanager.operator.testing.Manifests;
import dev.rgmanager.operator.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The failover scale run (docs/benchmarks.md): S services spread over the control plane's nodes, K
 * nodes lost at once, fencing acknowledged by the test as soon as each node is declared lost.
 * Measures, per failed-over service, the time from its node's last heartbeat to its pod running
 * (Ready) on another node; the API requests the operator made per failed-over service (counted in
 * the API server's audit log by the operator's user agent); and the operator's heap after a full
 * GC. Not part of the default test run: see docs/benchmarks.md for the command.
 */
@RealCluster
class ScaleFailoverBenchmark {
  private static final String AGENT = "rgmanager-operator-scale";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final int TOKEN_SECONDS = Integer.getInteger("scale.tokenSeconds", 10);

  /**
   * How lost nodes are fenced: "ack" (the test acknowledges each as soon as it is declared lost) or
   * "bmc" (each lost node has a simulated BMC, and the operator fences it by IPMI).
   */
  private static final String FENCING = System.getProperty("scale.fencing", "ack");

  /**
   * The manifests: the cluster of {@code nodes}, their domains of 5 (node i in domain i mod
   * domains, so that node-1..node-k are in k different domains), and the services. With {@code
   * fenced} nodes, each of those is fenced by its BMC (FenceDevice bmc-NODE).
   */
  private static String manifests(
      String ns, List<String> nodes, int services, List<String> fenced) {
    StringBuilder b = new StringBuilder();
    if (!fenced.isEmpty()) {
      b.append(BmcManifests.bmcCredentials());
      for (String node : fenced) {
        b.append(
            """
            apiVersion: rgmanager.dev/v1alpha1
            kind: FenceDevice
            metadata:
              name: bmc-NODE
              namespace: rgmanager-system
            spec:
              agent: ipmilan
              ipmi: {address: 127.0.0.1, port: PORT, powerWait: 1s}
              credentialsSecretRef: {name: bmc-credentials}
              timeout: 20s
            ---
            """
                .replace("NODE", node)
                .replace("PORT", String.valueOf(Bmcs.BASE_PORT + num(node))));
      }
    }
    b.append(
        "apiVersion: rgmanager.dev/v1alpha1\nkind: HACluster\nmetadata:\n  name: e2e\n"
            + "spec:\n  tokenTimeout: "
            + TOKEN_SECONDS
            + "s\n  postJoinDelay: 0s\n  nodes:\n");
    nodes.forEach(
        n -> {
          b.append("    - name: ").append(n).append('\n');
          if (fenced.contains(n)) {
            b.append("      fenceMethods:\n        - name: power\n          devices:\n")
                .append("            - {device: bmc-")
                .append(n)
                .append(", namespace: rgmanager-system}\n");
          }
        });
    int domains = nodes.size() / 5;
    for (int d = 0; d < domains; d++) {
      b.append("---\napiVersion: rgmanager.dev/v1alpha1\nkind: FailoverDomain\nmetadata:\n")
          .append("  name: d")
          .append(d)
          .append("\n  namespace: NS\nspec:\n  ordered: false\n  restricted: true\n  members:\n");
      for (int j = 0; j < 5; j++) {
        b.append("    - node: ").append(nodes.get(j * domains + d)).append('\n');
      }
    }
    b.append("---\n");
    for (int i = 0; i < services; i++) {
      b.append(
          Manifests.REAL_CLUSTER.appService(
              "NS", "svc-" + i, "d" + (i % domains), "statusInterval: 10s"));
    }
    return b.toString().replace("NS", ns);
  }

  /** The operator's requests in [from, to) by "verb resource[/subresource]", watches excluded. */
  private static Map<String, Long> operatorRequests(Path audit, Instant from, Instant to)
      throws Exception {
    Map<String, Long> byKind = new TreeMap<>();
    try (BufferedReader r = Files.newBufferedReader(audit)) {
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.contains(AGENT)) {
          continue;
        }
        JsonNode e = JSON.readTree(line);
        if (!e.path("userAgent").asText().startsWith(AGENT)
            || "watch".equals(e.path("verb").asText())) {
          continue;
        }
        Instant t = Instant.parse(e.path("requestReceivedTimestamp").asText());
        if (!t.isBefore(from) && t.isBefore(to)) {
          JsonNode ref = e.path("objectRef");
          String sub = ref.path("subresource").asText("");
          String kind =
              e.path("verb").asText()
                  + " "
                  + ref.path("resource").asText()
                  + (sub.isEmpty() ? "" : "/" + sub);
          byKind.merge(kind, 1L, Long::sum);
        }
      }
    }
    return byKind;
  }

  private static long total(Map<String, Long> byKind) {
    return byKind.values().stream().mapToLong(Long::longValue).sum();
  }

  /** A handler that sees each state of an object as it is added or changed (deletes ignored). */
  private static <T> ResourceEventHandler<T> onEachState(Consumer<T> seen) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        seen.accept(obj);
      }

      @Override
      public void onUpdate(T old, T obj) {
        seen.accept(obj);
      }

      @Override
      public void onDelete(T obj, boolean unknown) {}
    };
  }

  private static double heapMiB(OperatorProcess operator) throws Exception {
    Process gc =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(operator.pid()),
                "GC.run")
            .redirectErrorStream(true)
            .start();
    gc.waitFor();
    return operator.metric("jvm_memory_used_bytes{area=\"heap\"") / (1024 * 1024);
  }

  private static String phase(
      String name, Map<String, Instant> from, Map<String, Instant> to, List<String> nodes) {
    List<Long> ms = new ArrayList<>();
    for (String n : nodes) {
      if (from.containsKey(n) && to.containsKey(n)) {
        ms.add(Duration.between(from.get(n), to.get(n)).toMillis());
      }
    }
    Collections.sort(ms);
    return ms.isEmpty()
        ? name + " -"
        : String.format(
            "%s %.1f / %.1f s", name, percentile(ms, 0.5) / 1000.0, ms.get(ms.size() - 1) / 1000.0);
  }

  private static long percentile(List<Long> sorted, double p) {
    int i = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  @Test
  void failoverAtScale(KubernetesClient c, TestNamespace ns, ControlPlane cp) throws Exception {
    int services = Integer.getInteger("scale.services", 500);
    int lose = Integer.getInteger("scale.lostNodes", 10);
    List<String> nodes =
        c.nodes().list().getItems().stream()
            .map(n -> n.getMetadata().getName())
            .sorted((a, b) -> Integer.compare(num(a), num(b)))
            .toList();
    assertThat(nodes.size()).as("run with -De2e.nodes=100").isGreaterThanOrEqualTo(10);
    String n = ns.name();
    // One node of each of the first domains (node-1..node-k): every lost service has somewhere to
    // go.
    List<String> lost = new ArrayList<>(nodes.subList(0, lose));
    boolean byBmc = "bmc".equals(FENCING);
    Bmcs bmcs = byBmc ? Bmcs.get(cp, lose) : null;
    if (byBmc) {
      Manifests.systemNamespace(c);
    }
    c.load(
            new ByteArrayInputStream(
                manifests(n, nodes, services, byBmc ? lost : List.of())
                    .getBytes(StandardCharsets.UTF_8)))
        .items()
        .forEach(o -> c.resource(o).serverSideApply());
    StringBuilder report = new StringBuilder();
    try (OperatorProcess operator =
        OperatorProcess.start(
            cp.kubeconfig(),
            "scale",
            List.of(
                "-Xmx" + System.getProperty("scale.heap", "256m"),
                "-Dkubernetes.user.agent=" + AGENT))) {
      Instant began = Instant.now();
      Await.REAL_CLUSTER.until(
          "all " + services + " services started",
          Duration.ofMinutes(15),
          () ->
              c.resources(ClusterService.class).inNamespace(n).list().getItems().stream()
                  .filter(
                      s ->
                          s.getStatus() != null
                              && "STARTED".equals(String.valueOf(s.getStatus().state())))
                  .count(),
          count -> count == services);
      Duration startAll = Duration.between(began, Instant.now());
      report.append(
          String.format(
              "services %d on %d nodes: all started in %.1f s%n",
              services, nodes.size(), startAll.toMillis() / 1000.0));
      Thread.sleep(5000);
      double heap = heapMiB(operator);
      report.append(String.format("operator heap after full GC: %.0f MiB%n", heap));

      if (lose > 0) {
        Path audit = cp.auditLog();
        Instant quietFrom = Instant.now();
        Thread.sleep(10_000);
        Instant quietTo = Instant.now();
        boolean audited = Files.exists(audit);
        long baseline = audited ? total(operatorRequests(audit, quietFrom, quietTo)) : -1;

        Map<String, String> victims = new HashMap<>();
        for (ClusterService s :
            c.resources(ClusterService.class).inNamespace(n).list().getItems()) {
          if (lost.contains(s.getStatus().owner())) {
            victims.put(s.getMetadata().getName(), s.getStatus().owner());
          }
        }
        // The test plays the administrator with fence_ack_manual, automated: it watches the
        // HACluster and acknowledges each lost node the moment it is declared offline. It watches
        // the pods and notes the moment each lost service's pod is Ready on a surviving node.
        Map<String, Instant> lastHeartbeat = new ConcurrentHashMap<>();
        Map<String, Instant> lostSeen = new ConcurrentHashMap<>();
        Map<String, Instant> acked = new ConcurrentHashMap<>();
        AtomicBoolean ackListExists =
            new AtomicBoolean(
                !c.resources(HACluster.class)
                    .withName("e2e")
                    .get()
                    .getSpec()
                    .fenceAcknowledgementsOrEmpty()
                    .isEmpty());
        Map<String, Instant> fencedSeen = new ConcurrentHashMap<>();
        Map<String, Instant> running = new ConcurrentHashMap<>();
        Map<String, Set<String>> readyOn = new ConcurrentHashMap<>();
        ExecutorService acknowledger = Executors.newSingleThreadExecutor();
        ResourceEventHandler<HACluster> ackOnLoss =
            onEachState(
                (HACluster h) -> {
                  List<String> toAck = new ArrayList<>();
                  Instant seen = Instant.now();
                  for (MemberStatus m :
                      h.getStatus() == null
                          ? List.<MemberStatus>of()
                          : h.getStatus().membersOrEmpty()) {
                    if (lost.contains(m.name()) && m.state() == MemberState.FENCED) {
                      fencedSeen.putIfAbsent(m.name(), seen);
                    }
                    // At the loss the member's heartbeatAtTransition is its last heartbeat.
                    if (lost.contains(m.name())
                        && (m.state() == MemberState.OFFLINE || m.state() == MemberState.FENCING)
                        && lastHeartbeat.putIfAbsent(
                                m.name(), Instant.parse(m.heartbeatAtTransition()))
                            == null) {
                      toAck.add(m.name());
                      lostSeen.put(m.name(), seen);
                    }
                  }
                  if (!toAck.isEmpty() && !byBmc) {
                    acknowledger.submit(
                        () -> {
                          // The acknowledger runs one patch at a time: after the first, the list
                          // exists.
                          Manifests.acknowledge(
                              c, "e2e", toAck, "scale-benchmark", ackListExists.getAndSet(true));
                          Instant written = Instant.now();
                          toAck.forEach(node -> acked.put(node, written));
                        });
                  }
                });
        ResourceEventHandler<Pod> noteReady =
            onEachState(
                (Pod p) -> {
                  String v = p.getMetadata().getLabels().get("rgmanager.dev/service");
                  if (v != null
                      && victims.containsKey(v)
                      && p.getMetadata().getDeletionTimestamp() == null
                      && ready(p)
                      && !lost.contains(p.getSpec().getNodeName())) {
                    readyOn
                        .computeIfAbsent(v, k -> ConcurrentHashMap.newKeySet())
                        .add(p.getSpec().getNodeName());
                    running.putIfAbsent(v, Instant.now());
                  }
                });
        Instant failedAt = Instant.now();
        try (var clusterWatch = c.resources(HACluster.class).withName("e2e").inform(ackOnLoss);
            var podWatch = c.pods().inNamespace(n).inform(noteReady)) {
          lost.forEach(cp::failNode);
          Await.REAL_CLUSTER.until(
              "every service of the lost nodes runs elsewhere",
              Duration.ofMinutes(5),
              running::size,
              size -> size == victims.size());
        } finally {
          acknowledger.shutdownNow();
        }
        readyOn.forEach((v, on) -> assertThat(on).as(v + " runs once").hasSize(1));
        Map<String, Instant> poweredOff = new HashMap<>();
        if (byBmc) {
          lost.forEach(node -> bmcs.poweredOffAt(node).ifPresent(t -> poweredOff.put(node, t)));
        }
        Instant done = Instant.now();
        List<Long> latencies = new ArrayList<>();
        victims.forEach(
            (v, node) ->
                latencies.add(
                    Duration.between(lastHeartbeat.get(node), running.get(v)).toMillis()));
        Collections.sort(latencies);
        report.append(
            String.format(
                "lost %d nodes at once, %d services failed over; last heartbeat -> pod Ready elsewhere:"
                    + " p50 %.1f s, p99 %.1f s, max %.1f s (token timeout "
                    + TOKEN_SECONDS
                    + " s; pods and cluster watched; "
                    + (byBmc
                        ? "each lost node fenced by IPMI through its simulated BMC"
                        : "includes the test's acknowledgement as soon as each node was declared"
                            + " lost")
                    + ")%n",
                lose,
                victims.size(),
                percentile(latencies, 0.5) / 1000.0,
                percentile(latencies, 0.99) / 1000.0,
                latencies.get(latencies.size() - 1) / 1000.0));
        // Where the time goes, phase by phase (p50 / max over the lost nodes or their services).
        report
            .append("  phases (p50 / max): ")
            .append(phase("last heartbeat -> seen offline", lastHeartbeat, lostSeen, lost))
            .append(", ");
        if (byBmc) {
          // The fence agent powers the node off, confirms the power is off (powerWait 1 s), and
          // the outcome is recorded: membership must see it at once, not at its next check.
          report
              .append(phase("seen offline -> BMC powered off", lostSeen, poweredOff, lost))
              .append(", ")
              .append(phase("BMC powered off -> seen fenced", poweredOff, fencedSeen, lost))
              .append(", ");
        } else {
          report
              .append(phase("seen offline -> acknowledgement written", lostSeen, acked, lost))
              .append(", ")
              .append(phase("acknowledgement written -> seen fenced", acked, fencedSeen, lost))
              .append(", ");
        }
        List<Long> fencedToReady = new ArrayList<>();
        victims.forEach(
            (v, node) ->
                fencedToReady.add(
                    Duration.between(fencedSeen.get(node), running.get(v)).toMillis()));
        Collections.sort(fencedToReady);
        report.append(
            String.format(
                "seen fenced -> pod Ready elsewhere %.1f / %.1f s%n",
                percentile(fencedToReady, 0.5) / 1000.0,
                fencedToReady.get(fencedToReady.size() - 1) / 1000.0));
        if (audited) {
          // Events are written in the background: count 5 s past the last pod Ready, so that the
          // failover's own Events are in, and the background rate over the same window is
          // subtracted.
          Instant countUntil = done.plusSeconds(5);
          Thread.sleep(Math.max(0, Duration.between(Instant.now(), countUntil).toMillis()) + 2000);
          Map<String, Long> byKind = operatorRequests(audit, failedAt, countUntil);
          long during = total(byKind);
          double windowSeconds = Duration.between(failedAt, countUntil).toMillis() / 1000.0;
          double background = baseline / 10.0 * windowSeconds;
          report.append(
              String.format(
                  "operator API requests (audit log, watches excluded): %d during the failover window"
                      + " (%.1f s), background %.0f/10 s => %.1f per failed-over service%n",
                  during,
                  windowSeconds,
                  (double) baseline,
                  (during - background) / victims.size()));
          report.append("  by request, during the window: ").append(byKind).append('\n');
        } else {
          report.append(
              "API requests: not counted (start the control plane with CONTROL_PLANE_AUDIT=1)\n");
        }
        if (byBmc) {
          lost.forEach(node -> bmcs.setPower(node, true));
        } else {
          lost.forEach(cp::recoverNode);
        }
      }
      System.out.println("SCALE REPORT\n" + report);
      Files.writeString(RepoPaths.root().resolve("e2e/target/scale-report.txt"), report.toString());
    } finally {
      c.resources(HACluster.class).withName("e2e").delete();
    }
  }

  private static boolean ready(Pod p) {
    return p.getStatus() != null
        && p.getStatus().getConditions() != null
        && p.getStatus().getConditions().stream()
            .anyMatch(x -> "Ready".equals(x.getType()) && "True".equals(x.getStatus()));
  }

  private static int num(String node) {
    return Integer.parseInt(node.substring(node.lastIndexOf('-') + 1));
  }
}
