package dev.rgmanager.e2e;

import dev.rgmanager.operator.testing.Manifests;
import dev.rgmanager.operator.testing.RepoPaths;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The operator as a user runs it: the packaged Quarkus application, against the test control plane,
 * its log under target/. Each instance copies the application first, so a rebuild cannot pull the
 * jars from under a running operator.
 */
public final class OperatorProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final int port;

  private OperatorProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  public static OperatorProcess start(Path kubeconfig, String name) throws IOException {
    return start(kubeconfig, name, List.of());
  }

  /** An operator with extra JVM options, e.g. a heap limit or a client user agent. */
  public static OperatorProcess start(Path kubeconfig, String name, List<String> jvmOptions)
      throws IOException {
    Path app = RepoPaths.root().resolve("operator/target/quarkus-app");
    if (!Files.exists(app.resolve("quarkus-run.jar"))) {
      throw new IllegalStateException(
          "the operator is not built: run ./mvnw -pl operator -am package first");
    }
    leaseNamespace(kubeconfig);
    Path copy = Files.createTempDirectory("operator-app");
    copyTree(app, copy);
    Path log = Path.of("target", "operator-" + name + ".log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    int port = freePort();
    ProcessBuilder pb =
        new ProcessBuilder(command(copy.resolve("quarkus-run.jar"), port, jvmOptions))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    pb.environment().put("POD_NAMESPACE", "rgmanager-system");
    return new OperatorProcess(pb.start(), log, port);
  }

  private static List<String> command(Path jar, int port, List<String> jvmOptions) {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.addAll(jvmOptions);
    cmd.addAll(
        List.of(
            "-Dquarkus.http.port=" + port,
            "-Drgmanager.fencing.backoff-first=1s",
            "-Drgmanager.fencing.backoff-max=5s",
            "-jar",
            jar.toString()));
    return cmd;
  }

  /** The operator's process id (for jcmd). */
  public long pid() {
    return process.pid();
  }

  /** The namespace of the leader-election Lease (POD_NAMESPACE), as the Helm chart creates it. */
  private static void leaseNamespace(Path kubeconfig) throws IOException {
    var config = io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(kubeconfig));
    try (var c =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config).build()) {
      Manifests.systemNamespace(c);
    }
  }

  public Path log() {
    return log;
  }

  public int port() {
    return port;
  }

  public String logText() throws IOException {
    return Files.readString(log);
  }

  /** The operator's Prometheus metrics, as a scraper reads them from /q/metrics. */
  public String metricsText() throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("/q/metrics answered " + r.statusCode());
    }
    return r.body();
  }

  /**
   * The sum of a Prometheus metric's samples (0 when absent); {@code name} may go on into the
   * labels, as in {@code jvm_memory_used_bytes{area="heap"}.
   */
  public double metric(String name) throws IOException, InterruptedException {
    return metricsText()
        .lines()
        .filter(
            l ->
                l.startsWith(name)
                    && l.length() > name.length()
                    && " {,}".indexOf(l.charAt(name.length())) >= 0)
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** Whether the operator's process has ended. */
  public boolean exited() {
    return !process.isAlive();
  }

  /** Kills the operator at once, as a crashed node or OOM kill would. */
  public void kill() {
    process.destroyForcibly();
  }

  /**
   * Stops the operator as Kubernetes stops a pod (SIGTERM), and says whether it ended within the
   * grace period; if it did not, it is killed, as the kubelet would.
   */
  public boolean stop(Duration grace) {
    process.destroy();
    try {
      if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
    return false;
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
