package dev.rgmanager.operator.inprocess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real control plane the reconciler tests run against, driven through e2e/bin/control-plane
 * (the e2e harness's ControlPlane, restated here: operator cannot depend on e2e): a cluster named
 * {@value #CLUSTER} with three kwok nodes, started once per JVM and stopped when the JVM exits.
 */
public final class LocalControlPlane {
  /** The cluster's name: not "e2e" (the e2e suite's) nor "rgm" (the demo's). */
  public static final String CLUSTER = "reconciler";

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

  private static LocalControlPlane current;
  private final Path script;
  private final Path kubeconfig;

  private LocalControlPlane(Path script, Path kubeconfig) {
    this.script = script;
    this.kubeconfig = kubeconfig;
  }

  /** The run's control plane, started on first use. */
  public static synchronized LocalControlPlane get() {
    if (current == null) {
      Path script = script();
      run(script, 600, "up", "--nodes", "3", "--name", CLUSTER);
      Path kubeconfig = Path.of(run(script, 30, "kubeconfig", "--name", CLUSTER).trim());
      current = new LocalControlPlane(script, kubeconfig);
      Runtime.getRuntime().addShutdownHook(new Thread(current::stop, "control-plane-down"));
    }
    return current;
  }

  /**
   * Why the control plane cannot be started here: its binaries are not built (a developer ran the
   * tests without `control-plane build`). Empty when they are; nothing else is a reason to skip.
   */
  public static Optional<String> unavailable() {
    Path script = script();
    Path bin = Path.of(run(script, 30, "bin-dir").trim());
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

  public Path kubeconfig() {
    return kubeconfig;
  }

  /** Stops a node's heartbeat: kwok no longer renews its Lease, and Ready goes Unknown. */
  public void failNode(String node) {
    // fail-node takes no --name: the cluster is chosen by RGM_CLUSTER (see run).
    run(script, 60, "fail-node", node);
  }

  /** Resumes a node's heartbeat. */
  public void recoverNode(String node) {
    run(script, 60, "recover-node", node);
  }

  private void stop() {
    try {
      run(script, 120, "down", "--name", CLUSTER);
    } catch (RuntimeException e) {
      System.err.println("control plane " + CLUSTER + " did not stop cleanly: " + e.getMessage());
    }
  }

  /** One of the control plane's binaries (kubectl, say), as `control-plane build` made it. */
  public static Path binary(String name) {
    return Path.of(run(script(), 30, "bin-dir").trim()).resolve(name);
  }

  private static Path script() {
    String root = System.getProperty("rgm.repo.root");
    Path dir = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      Path candidate = d.resolve("e2e/bin/control-plane");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("e2e/bin/control-plane not found above " + dir);
  }

  /**
   * Runs the script for this cluster only: RGM_CLUSTER names it even to commands without --name.
   */
  private static String run(Path script, int timeoutSeconds, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(script.toString());
    cmd.addAll(List.of(args));
    try {
      Path err = Files.createTempFile("control-plane", ".log");
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
      pb.environment().put("RGM_CLUSTER", CLUSTER);
      Process p = pb.start();
      String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("control-plane " + String.join(" ", args) + " timed out");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            "control-plane " + String.join(" ", args) + " failed: " + Files.readString(err));
      }
      Files.deleteIfExists(err);
      return stdout;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
