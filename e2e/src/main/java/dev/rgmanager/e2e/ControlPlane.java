package dev.rgmanager.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    List<String> cmd = new ArrayList<>();
    cmd.add(script.toString());
    cmd.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("control-plane", ".log");
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
      pb.redirectError(out.toFile());
      pb.environment().put("RGM_CLUSTER", cluster);
      pb.environment().remove("BMC_PASSWORD");
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
