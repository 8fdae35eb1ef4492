package dev.rgmanager.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A containerd of the test's own: root, state, socket and log under one directory, started and
 * stopped by the test; never the host's /run/containerd/containerd.sock.
 */
final class PrivateContainerd implements AutoCloseable {

  static final String NAMESPACE = "rgm-image-test";
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

  private final Path dir;
  private final Path socket;
  private final Process daemon;

  private PrivateContainerd(Path dir, Path socket, Process daemon) {
    this.dir = dir;
    this.socket = socket;
    this.daemon = daemon;
  }

  /** Why a private containerd cannot run here, or null when it can. */
  static String whyNot() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "running the image needs root (containerd, runc); this build runs as "
          + System.getProperty("user.name");
    }
    for (String command : List.of("containerd", "containerd-shim-runc-v2", "ctr", "runc")) {
      if (onPath(command) == null) {
        return command + " is not installed (.ci/apt-packages.txt lists containerd and runc)";
      }
    }
    return null;
  }

  /**
   * Starts containerd in DIR (wiped first) at a lower CPU priority, which its containers inherit.
   */
  static PrivateContainerd start(Path dir) throws IOException, InterruptedException {
    wipe(dir);
    Path socket = dir.resolve("c.sock");
    if (socket.toString().length() > 100) {
      throw new IllegalStateException("socket path " + socket + " is too long for a unix socket");
    }
    Files.createDirectories(dir.resolve("root"));
    Files.createDirectories(dir.resolve("state"));
    Path config = dir.resolve("config.toml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "version = 2",
            "root = \"" + dir.resolve("root") + "\"",
            "state = \"" + dir.resolve("state") + "\"",
            // Only what `ctr run` needs: no CRI (no kubelet here), no other snapshotters.
            "disabled_plugins = [\"io.containerd.grpc.v1.cri\", \"io.containerd.snapshotter.v1.btrfs\",",
            "  \"io.containerd.snapshotter.v1.zfs\", \"io.containerd.snapshotter.v1.devmapper\",",
            "  \"io.containerd.snapshotter.v1.aufs\", \"io.containerd.tracing.processor.v1.otlp\",",
            "  \"io.containerd.internal.v1.tracing\"]",
            "[grpc]",
            "  address = \"" + socket + "\"",
            "[plugins.\"io.containerd.internal.v1.opt\"]",
            "  path = \"" + dir.resolve("opt") + "\"",
            ""));
    Process daemon =
        new ProcessBuilder("nice", "-n", "10", "containerd", "--config", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("containerd.log").toFile())
            .start();
    PrivateContainerd containerd = new PrivateContainerd(dir, socket, daemon);
    Instant deadline = Instant.now().plusSeconds(30);
    while (!Files.exists(socket) || containerd.run("version").exitCode != 0) {
      if (!daemon.isAlive() || Instant.now().isAfter(deadline)) {
        containerd.close();
        throw new IllegalStateException(
            "containerd did not answer on " + socket + ": see " + dir.resolve("containerd.log"));
      }
      Thread.sleep(200);
    }
    return containerd;
  }

  /** A finished ctr command: exit code and its output and errors together. */
  record Result(int exitCode, String output) {
    Result orFail(String what) {
      if (exitCode != 0) {
        throw new IllegalStateException(what + " failed (exit " + exitCode + "): " + output);
      }
      return this;
    }
  }

  /** Runs ctr against this containerd, in the test's namespace. */
  Result run(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of("ctr", "--address", socket.toString(), "--namespace", NAMESPACE));
    command.addAll(List.of(args));
    Process ctr = new ProcessBuilder(command).redirectErrorStream(true).start();
    ctr.getOutputStream().close();
    byte[] output = ctr.getInputStream().readAllBytes();
    if (!ctr.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      ctr.destroyForcibly();
      throw new IllegalStateException("ctr " + String.join(" ", args) + " did not finish");
    }
    return new Result(ctr.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  Path dir() {
    return dir;
  }

  /** Stops containerd; tasks must have been deleted (their shims outlive containerd otherwise). */
  @Override
  public void close() throws InterruptedException {
    daemon.destroy();
    if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
      daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void wipe(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    for (String mount : Files.readAllLines(Path.of("/proc/self/mounts"))) {
      String target = mount.split(" ")[1];
      if (target.startsWith(dir.toString() + "/")) {
        throw new IllegalStateException(
            target + " is still mounted from an earlier run: unmount it (umount " + target + ")");
      }
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static Path onPath(String command) {
    for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(entry, command);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
