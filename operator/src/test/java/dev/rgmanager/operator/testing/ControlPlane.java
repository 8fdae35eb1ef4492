package dev.rgmanager.operator.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real control plane (kube-apiserver, etcd, kwok or real nodes) driven through
 * e2e/bin/control-plane, for the end-to-end tests and the reconciler tests alike: started by {@link
 * #up} and stopped when the JVM exits, or one already running that is left so. It uses the JDK
 * only: bin/demo runs the BMCs ({@code dev.rgmanager.e2e.Bmcs}) on e2e's classes and these alone.
 */
public final class ControlPlane {
  /** The end-to-end suite's shared cluster. */
  public static final String E2E = "e2e";

  /**
   * The reconciler tests' cluster: neither "e2e" nor "rgm" (bin/demo's), so it runs beside both.
   */
  public static final String RECONCILER = "reconciler";

  private static final Set<String> SHARED = Set.of(E2E, RECONCILER);

  /** What `control-plane up` needs already built; else it would start building them itself. */
  private static final List<String> BINARIES =
      List.of(
          "kube-apiserver",
          "kube-controller-manager",
          "kube-scheduler",
          "kubectl",
          "kubelet",
          "kube-proxy",
          "etcd",
          "kwok",
          "kwokctl",
          "helm");

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

  /**
   * Starts the cluster {@code cluster} of {@code nodes} kwok nodes, allowing {@code timeoutSeconds}
   * for `up` (which builds the binaries first if they are missing), and stops it when the JVM
   * exits.
   */
  public static ControlPlane up(String cluster, int nodes, int timeoutSeconds) {
    Path script = script();
    run(cluster, script, timeoutSeconds, "up", "--nodes", String.valueOf(nodes), "--name", cluster);
    Path kubeconfig = Path.of(run(cluster, script, 30, "kubeconfig", "--name", cluster).trim());
    ControlPlane cp = new ControlPlane(cluster, script, kubeconfig, true);
    Runtime.getRuntime().addShutdownHook(new Thread(cp::stop, "control-plane-down-" + cluster));
    return cp;
  }

  /** A cluster someone else runs, reached by {@code kubeconfig}; it is left running. */
  public static ControlPlane existing(String cluster, Path kubeconfig) {
    return new ControlPlane(cluster, script(), kubeconfig, false);
  }

  /**
   * Why a control plane cannot be started here: its binaries are not built (a developer ran the
   * tests without `control-plane build`). Empty when they are.
   */
  public static Optional<String> notBuilt() {
    // bin-dir is the same for every cluster; the name is only what RGM_CLUSTER must hold.
    Path bin = Path.of(run(RECONCILER, script(), 30, "bin-dir").trim());
    List<String> missing =
        BINARIES.stream().filter(b -> !Files.isExecutable(bin.resolve(b))).toList();
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "the control plane is not built ("
            + String.join(", ", missing)
            + " missing in "
            + bin
            + "): run e2e/bin/control-plane build");
  }

  /**
   * A control plane that e2e/bin/control-plane already runs under the given name (bin/demo's is
   * "rgm"); it is left running.
   */
  public static ControlPlane running(String cluster) {
    Path script = script();
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
    if (SHARED.contains(cluster)) {
      throw new IllegalArgumentException(
          "cluster name " + cluster + " is a test run's shared control plane: pick another name");
    }
    Path script = script();
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
    Path script = script();
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

  /**
   * Kills the API server (SIGKILL) and starts it again with the same command line, as a crash and a
   * supervisor's restart would; returns once its /readyz answers. Clients see their connections
   * closed and requests refused meanwhile; etcd keeps the state.
   */
  public void restartApiServer() {
    run(cluster, script, 180, "restart-apiserver", "--name", cluster);
  }

  /**
   * Freezes etcd (SIGSTOP), as a stalled disk or a paused machine would: the API server stays up,
   * but every request that reads or writes the store waits. {@link #resumeEtcd()} ends it.
   */
  public void pauseEtcd() {
    run(cluster, script, 30, "pause-etcd", "--name", cluster);
  }

  /** Lets a paused etcd run on (SIGCONT). */
  public void resumeEtcd() {
    run(cluster, script, 30, "resume-etcd", "--name", cluster);
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

  /** Stops a node's heartbeat: kwok no longer renews its Lease, and Ready goes Unknown. */
  public void failNode(String node) {
    // fail-node takes no --name: the cluster is chosen by RGM_CLUSTER (see run).
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

  /** Stops the cluster if this JVM started it; one it only attached to is left running. */
  public void stop() {
    if (owned) {
      try {
        run(cluster, script, 120, "down", "--name", cluster);
      } catch (RuntimeException e) {
        System.err.println("control plane " + cluster + " did not stop cleanly: " + e.getMessage());
      }
    }
  }

  private static String run(String cluster, Path script, int timeoutSeconds, String... args) {
    return run(cluster, script, timeoutSeconds, Map.of(), args);
  }

  private static Path script() {
    return RepoPaths.root().resolve("e2e/bin/control-plane");
  }

  /**
   * Runs the script for {@code cluster} only: RGM_CLUSTER names it even to commands without --name;
   * the BMC password of a developer's shell is not handed on.
   */
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
