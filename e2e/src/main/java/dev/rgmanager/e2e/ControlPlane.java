package dev.rgmanager.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real control plane of a test run, driven through e2e/bin/control-plane: started once per JVM
 * and stopped when the JVM exits. With -De2e.cluster=existing an already running cluster (its
 * kubeconfig in KUBECONFIG or -De2e.kubeconfig) is used instead and left running.
 */
public final class ControlPlane {
  private static final String CLUSTER = "e2e";
  private static ControlPlane current;
  private final String cluster;
  private final Path script;
  private final Path kubeconfig;
  private final boolean owned;

  private ControlPlane(String cluster, Path script, Path kubeconfig, boolean owned) {
    this.cluster = cluster;
    this.script = script;
    this.kubeconfig = kubeconfig;
    this.owned = owned;
  }

  /** The run's control plane, started on first use. */
  public static synchronized ControlPlane get() {
    if (current == null) {
      current = start();
    }
    return current;
  }

  private static ControlPlane start() {
    Path script = RepoPaths.root().resolve("e2e/bin/control-plane");
    String mode = System.getProperty("e2e.cluster", "local");
    if ("existing".equals(mode)) {
      String cfg = System.getProperty("e2e.kubeconfig", System.getenv("KUBECONFIG"));
      if (cfg == null) {
        throw new IllegalStateException(
            "-De2e.cluster=existing needs KUBECONFIG or -De2e.kubeconfig");
      }
      return new ControlPlane(CLUSTER, script, Path.of(cfg), false);
    }
    int nodes = Integer.getInteger("e2e.nodes", 3);
    run(CLUSTER, script, 1800, "up", "--nodes", String.valueOf(nodes), "--name", CLUSTER);
    Path kubeconfig = Path.of(run(CLUSTER, script, 30, "kubeconfig", "--name", CLUSTER).trim());
    ControlPlane cp = new ControlPlane(CLUSTER, script, kubeconfig, true);
    Runtime.getRuntime().addShutdownHook(new Thread(cp::stop, "control-plane-down"));
    return cp;
  }

  /**
   * A control plane that e2e/bin/control-plane already runs under the given name (bin/demo's is
   * "rgm"); it is left running.
   */
  public static ControlPlane running(String cluster) {
    Path script = RepoPaths.root().resolve("e2e/bin/control-plane");
    Path kubeconfig = Path.of(run(cluster, script, 30, "kubeconfig", "--name", cluster).trim());
    return new ControlPlane(cluster, script, kubeconfig, false);
  }

  /**
   * A cluster of its own named {@code cluster} with {@code count} real nodes node-1..node-count: a
   * kubelet and a containerd each on this machine, running real containers. Stopped by {@link
   * #stop()} or when the JVM exits. Check {@link #realNodesUnavailable(String)} first.
   */
  public static ControlPlane realNodes(String cluster, int count) {
    return realNodes(cluster, count, List.of("pause", "busybox"));
  }

  /**
   * As {@link #realNodes(String, int)}, with {@code images} imported into every node's containerd
   * (of e2e/bin/node-images: pause, busybox, postgres; PostgreSQL's is built first if missing).
   */
  public static ControlPlane realNodes(String cluster, int count, List<String> images) {
    if (CLUSTER.equals(cluster)) {
      throw new IllegalArgumentException(
          "cluster name " + CLUSTER + " is the run's shared control plane: pick another name");
    }
    Path script = RepoPaths.root().resolve("e2e/bin/control-plane");
    try {
      run(
          cluster,
          script,
          900,
          Map.of("CONTROL_PLANE_NODE_IMAGES", String.join(" ", images)),
          "up",
          "--real-nodes",
          String.valueOf(count),
          "--name",
          cluster);
    } catch (RuntimeException e) {
      // a half-started cluster must not outlive the test: its nodes hold cgroups and bridges
      try {
        run(cluster, script, 120, "down", "--name", cluster);
      } catch (RuntimeException again) {
        e.addSuppressed(again);
      }
      throw e;
    }
    Path kubeconfig = Path.of(run(cluster, script, 30, "kubeconfig", "--name", cluster).trim());
    ControlPlane cp = new ControlPlane(cluster, script, kubeconfig, true);
    Runtime.getRuntime().addShutdownHook(new Thread(cp::stop, "control-plane-down-" + cluster));
    return cp;
  }

  /**
   * Why this machine cannot run real nodes for {@code cluster} (root, cgroup freezer, binaries,
   * another cluster's real nodes), or empty if it can.
   */
  public static Optional<String> realNodesUnavailable(String cluster) {
    Path script = RepoPaths.root().resolve("e2e/bin/control-plane");
    try {
      Process p =
          new ProcessBuilder(script.toString(), "real-nodes-check", "--name", cluster)
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.of("control-plane real-nodes-check timed out");
      }
      return p.exitValue() == 0 ? Optional.empty() : Optional.of(out);
    } catch (IOException e) {
      return Optional.of("cannot run " + script + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  /** Real node: freezes it, then kills every process of it at once (kubelet, containerd, pods). */
  public void powerCut(String node) {
    run(cluster, script, 60, "power-cut", node, "--name", cluster);
  }

  /** Real node: clears what a reboot loses and starts its containerd and kubelet again. */
  public void powerOn(String node) {
    run(cluster, script, 120, "power-on", node, "--name", cluster);
  }

  /** Real node: freezes every process of it; they keep their state but nothing runs. */
  public void hangNode(String node) {
    run(cluster, script, 60, "hang-node", node, "--name", cluster);
  }

  /** Real nodes: imports an image archive (OCI or docker) into every node's containerd. */
  public void importImage(Path archive) {
    run(cluster, script, 300, "import-image", archive.toString(), "--name", cluster);
  }

  /** Real nodes: gives an image every node has a second name (a new tag). */
  public void tagImage(String source, String target) {
    run(cluster, script, 60, "tag-image", source, target, "--name", cluster);
  }

  /** Real nodes: each node's cgroup ({@link #nodeCgroup(String)}), by node. */
  public Map<String, String> nodeCgroups(List<String> nodes) {
    Map<String, String> cgroups = new java.util.LinkedHashMap<>();
    nodes.forEach(n -> cgroups.put(n, nodeCgroup(n)));
    return cgroups;
  }

  /** Real nodes: the host directory every one of them sees, as shared storage. */
  public Path sharedDir() {
    return Path.of(run(cluster, script, 30, "shared-dir", "--name", cluster).trim());
  }

  /** Real node: lets a hung node's processes run on (a heartbeat flap, if short). */
  public void thawNode(String node) {
    run(cluster, script, 60, "thaw-node", node, "--name", cluster);
  }

  /** Real node: the cgroup (in every hierarchy) that holds all of the node's processes. */
  public String nodeCgroup(String node) {
    return run(cluster, script, 30, "node-cgroup", node, "--name", cluster).trim();
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  /** Stops a node's heartbeat: its Lease goes stale and Ready goes Unknown. */
  public void failNode(String node) {
    run(cluster, script, 60, "fail-node", node);
  }

  /** Resumes a node's heartbeat. */
  public void recoverNode(String node) {
    run(cluster, script, 60, "recover-node", node);
  }

  /**
   * The API server's audit log (written when the cluster was started with CONTROL_PLANE_AUDIT=1).
   */
  public Path auditLog() {
    return Path.of(run(cluster, script, 30, "audit-log", "--name", cluster).trim());
  }

  /** The directory holding kubectl, helm and the other control-plane binaries. */
  public Path binDir() {
    return Path.of(run(cluster, script, 30, "bin-dir").trim());
  }

  void stop() {
    if (owned) {
      try {
        run(cluster, script, 120, "down", "--name", cluster);
      } catch (RuntimeException e) {
        System.err.println("control plane did not stop cleanly: " + e.getMessage());
      }
    }
  }

  private static String run(String cluster, Path script, int timeoutSeconds, String... args) {
    return run(cluster, script, timeoutSeconds, Map.of(), args);
  }

  private static String run(
      String cluster, Path script, int timeoutSeconds, Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(script.toString());
    cmd.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("control-plane", ".log");
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
      pb.redirectError(out.toFile());
      pb.environment().put("RGM_CLUSTER", cluster);
      pb.environment().remove("BMC_PASSWORD");
      pb.environment().putAll(env);
      Process p = pb.start();
      String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("control-plane " + String.join(" ", args) + " timed out");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            "control-plane " + String.join(" ", args) + " failed: " + Files.readString(out));
      }
      Files.deleteIfExists(out);
      return stdout;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
