package dev.rgmanager.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.ControlPlane;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real nodes (kubelet + containerd on this machine) run real processes, and a power cut or a hang
 * of a node stops them for real. Skipped where the machine cannot run real nodes.
 */
@ExtendWith(RealNodeIT.WhereRealNodesRun.class)
class RealNodeIT {
  private static final String CLUSTER = "realnode-it";
  private static final String NODE = "node-2";
  private static ControlPlane cp;
  private static KubernetesClient client;

  @BeforeAll
  static void start() throws IOException {
    cp = ControlPlane.realNodes(CLUSTER, 3);
    client = RealNodes.client(cp);
  }

  /** Skips the class, with the reason, on a machine that cannot run real nodes. */
  static final class WhereRealNodesRun extends RealNodes.WhereTheyRun {
    @Override
    protected String cluster() {
      return CLUSTER;
    }
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

  @Test
  void aPodOnARealNodeIsAProcessOfThatNodeWithLogsExecAndAService() throws Exception {
    String marker = "rn-" + UUID.randomUUID();
    runPod("web", marker);
    long pid = RealNodes.processWith(marker);
    assertTrue(
        RealNodes.freezerCgroup(pid).startsWith(cp.nodeCgroup(NODE) + "/kubepods/"),
        "process "
            + pid
            + " is in "
            + RealNodes.freezerCgroup(pid)
            + ", not under "
            + NODE
            + "'s cgroup");
    Await.REAL_CLUSTER.until(
        "the pod's log",
        Duration.ofSeconds(30),
        () -> client.pods().inNamespace("default").withName("web").getLog(),
        log -> log.contains("started on " + NODE));
    assertEquals("web", kubectl("exec", "web", "--", "hostname").trim());
    Service svc =
        client
            .services()
            .inNamespace("default")
            .resource(
                new ServiceBuilder()
                    .withNewMetadata()
                    .withName("web")
                    .endMetadata()
                    .withNewSpec()
                    .addToSelector("app", "web")
                    .addNewPort()
                    .withPort(80)
                    .withNewTargetPort(8080)
                    .endPort()
                    .endSpec()
                    .build())
            .create();
    String clusterIp = svc.getSpec().getClusterIP();
    assertTrue(
        clusterIp.startsWith("198.19."), "ClusterIP " + clusterIp + " outside 198.19.0.0/16");
    // kube-proxy programs a new Service within its sync period; on a loaded 2-core machine its
    // first sync after the cluster starts has been seen to take over 30 s.
    Await.REAL_CLUSTER.until(
        "the Service " + clusterIp + " answering from the pod",
        Duration.ofSeconds(90),
        () -> RealNodes.httpGet("http://" + clusterIp + "/"),
        body -> body.contains(marker));
  }

  @Test
  void aPowerCutKillsTheNodesProcessesAtOnceAndPowerOnBringsItBack() throws Exception {
    String marker = "rn-" + UUID.randomUUID();
    runPod("cut", marker);
    long pid = RealNodes.processWith(marker);
    cp.powerCut(NODE);
    assertTrue(RealNodes.dead(pid), "process " + pid + " of " + NODE + " survived the power cut");
    assertHeartbeatStops();
    cp.powerOn(NODE);
    Await.REAL_CLUSTER.until(
        "node Ready again", Duration.ofSeconds(60), () -> ready(NODE), "True"::equals);
    Instant after = NodeFaultIT.renewed(client, NODE);
    Await.REAL_CLUSTER.until(
        "the Lease renewed again",
        Duration.ofSeconds(10),
        () -> NodeFaultIT.renewed(client, NODE),
        t -> t.isAfter(after));
  }

  @Test
  void aHungNodeKeepsItsProcessesFrozenUntilItsPowerIsCut() throws Exception {
    String marker = "rn-" + UUID.randomUUID();
    runPod("hung", marker);
    long pid = RealNodes.processWith(marker);
    cp.hangNode(NODE);
    try {
      assertTrue(Files.exists(Path.of("/proc/" + pid)), "process " + pid + " vanished");
      String freezer = "/sys/fs/cgroup/freezer" + RealNodes.freezerCgroup(pid) + "/freezer.state";
      assertEquals("FROZEN", Files.readString(Path.of(freezer)).trim(), freezer);
      assertTrue(
          List.of("D", "T").contains(RealNodes.state(pid)),
          "process " + pid + " in state " + RealNodes.state(pid));
      assertHeartbeatStops();
      assertTrue(Files.exists(Path.of("/proc/" + pid)), "process " + pid + " vanished");
    } finally {
      cp.powerCut(NODE);
    }
    assertTrue(RealNodes.dead(pid), "process " + pid + " of the hung node survived the power cut");
    cp.powerOn(NODE);
    Await.REAL_CLUSTER.until(
        "node Ready again", Duration.ofSeconds(60), () -> ready(NODE), "True"::equals);
  }

  /** The Lease stays as it was at the fault, and the node controller stops calling it Ready. */
  private void assertHeartbeatStops() {
    Instant stale = NodeFaultIT.renewed(client, NODE);
    Await.REAL_CLUSTER.holds(
        "the Lease of " + NODE + " not renewed",
        Duration.ofSeconds(3),
        () -> NodeFaultIT.renewed(client, NODE),
        stale::equals);
    Await.REAL_CLUSTER.until(
        NODE + " Ready Unknown", Duration.ofSeconds(30), () -> ready(NODE), "Unknown"::equals);
  }

  /** A busybox pod bound to NODE whose shell carries the marker as its $0, serving it on 8080. */
  private void runPod(String podName, String marker) {
    String script =
        "echo started on $NODE_NAME; mkdir -p /www; echo $0 > /www/index.html;"
            + " httpd -p 8080 -h /www; while true; do sleep 1; done";
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(podName)
            .addToLabels("app", podName)
            .endMetadata()
            .withNewSpec()
            .withNodeName(NODE)
            .withTerminationGracePeriodSeconds(1L)
            .addNewContainer()
            .withName("main")
            .withImage("localhost/rgm/busybox:1.35")
            .withImagePullPolicy("Never")
            .withCommand("/bin/sh", "-c", script, marker)
            .addNewEnv()
            .withName("NODE_NAME")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("spec.nodeName")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .endContainer()
            .endSpec()
            .build();
    client.pods().inNamespace("default").resource(pod).create();
    Await.REAL_CLUSTER.until(
        podName + " Running",
        Duration.ofSeconds(60),
        () -> client.pods().inNamespace("default").withName(podName).get().getStatus().getPhase(),
        "Running"::equals);
  }

  private String ready(String node) {
    return client.nodes().withName(node).get().getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(c -> c.getStatus())
        .findFirst()
        .orElse("none");
  }

  private static String kubectl(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(cp.binDir().resolve("kubectl").toString());
    cmd.add("--kubeconfig=" + cp.kubeconfig());
    cmd.add("--request-timeout=20s");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new AssertionError("kubectl " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }
}
