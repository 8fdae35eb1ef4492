package dev.rgmanager.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image run by a private containerd as the chart runs it (UID 185, read-only root, no
 * capabilities, a tmpfs /tmp), against no cluster: the JVM and the operator framework start.
 */
class ImageRunIT {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  // What `ctr run` grants by default; the chart drops ALL (ctr 1.6 takes no "ALL").
  private static final List<String> DEFAULT_CAPABILITIES =
      List.of(
          "CAP_CHOWN",
          "CAP_DAC_OVERRIDE",
          "CAP_FSETID",
          "CAP_FOWNER",
          "CAP_MKNOD",
          "CAP_NET_RAW",
          "CAP_SETGID",
          "CAP_SETUID",
          "CAP_SETFCAP",
          "CAP_SETPCAP",
          "CAP_NET_BIND_SERVICE",
          "CAP_SYS_CHROOT",
          "CAP_KILL",
          "CAP_AUDIT_WRITE");

  private static final String WHY_NOT = PrivateContainerd.whyNot();
  private static PrivateContainerd containerd;
  private static ImageArchive image;

  @BeforeAll
  static void importImage() throws IOException, InterruptedException {
    if (WHY_NOT != null) {
      System.err.println("ImageRunIT skipped: " + WHY_NOT);
      return;
    }
    Path tar = Path.of(System.getProperty("rgm.image.tar"));
    image = ImageArchive.read(tar);
    containerd = PrivateContainerd.start(Path.of(System.getProperty("rgm.image.work")));
    // The command docs/install.md gives for a node's containerd, in the test's own namespace.
    containerd
        .run("images", "import", "--all-platforms", "--digests", tar.toString())
        .orFail("ctr images import " + tar);
  }

  @AfterAll
  static void stopContainerd() throws InterruptedException {
    if (containerd != null) {
      containerd.close();
    }
  }

  @Test
  void startsTheOperatorAsUser185UnderAReadOnlyRootWithoutAShell() throws Exception {
    assumeTrue(WHY_NOT == null, WHY_NOT);
    String id = "operator-" + ProcessHandle.current().pid();
    Path log = containerd.dir().resolve(id + ".log");
    List<String> run = new ArrayList<>(List.of("run", "--detach", "--read-only", "--seccomp"));
    run.addAll(List.of("--memory-limit", String.valueOf(512L << 20)));
    // No cluster here: the start waits for the API server only a second, then goes on.
    run.addAll(List.of("--env", "RGMANAGER_STARTUP_API_WAIT=1s"));
    DEFAULT_CAPABILITIES.forEach(cap -> run.addAll(List.of("--cap-drop", cap)));
    run.addAll(
        List.of(
            "--mount", "type=tmpfs,src=tmpfs,dst=/tmp,options=rw:nosuid:nodev:noexec:size=64m"));
    run.addAll(List.of("--runc-root", containerd.dir().resolve("state/runc").toString()));
    run.addAll(List.of("--log-uri", "file://" + log, image.reference, id));
    containerd.run(run.toArray(String[]::new)).orFail("ctr run " + image.reference);
    try {
      Path proc = Path.of("/proc", String.valueOf(taskPid(id)));
      String status = Files.readString(proc.resolve("status"));
      assertThat(status).containsPattern("(?m)^Uid:\\s+185\\s+185\\s+185\\s+185$");
      assertThat(status).containsPattern("(?m)^Gid:\\s+185\\s+185\\s+185\\s+185$");
      assertThat(status).containsPattern("(?m)^CapEff:\\s+0+$");
      assertThat(status).containsPattern("(?m)^NoNewPrivs:\\s+1$");
      // PID 1 of the container is the JVM itself, exactly the image's entrypoint: no shell between.
      List<String> entrypoint = new ArrayList<>();
      image.config.path("config").path("Entrypoint").forEach(arg -> entrypoint.add(arg.asText()));
      assertThat(commandLine(proc)).isEqualTo(entrypoint);
      assertThat(rootMountOptions(proc)).contains("ro");

      // With no cluster the operator waits for the API server, says why, goes on after the wait,
      // and gets as far as its first request to the API server, then stops.
      String output = awaitLog(log, "Starting 'hacluster' controller");
      assertThat(output)
          .contains("startup=go-on reason=the API server did not serve every kind within PT1S")
          .contains("haclusters not served yet: UnknownHostException");
      assertThat(output).containsPattern("Operator SDK \\S+ .* starting");
      for (String controller :
          List.of("clusterservice", "failoverdomain", "fencedevice", "hacluster")) {
        output = awaitLog(log, "Starting '" + controller + "' controller");
      }
      assertThat(output)
          .doesNotContain("Read-only file system")
          .doesNotContain("NoClassDefFoundError")
          .doesNotContain("UnsatisfiedLinkError");
    } finally {
      containerd.run("task", "kill", "--signal", "SIGKILL", id);
      containerd.run("task", "delete", "--force", id);
      containerd.run("container", "delete", id);
    }
  }

  private static long taskPid(String id) throws IOException, InterruptedException {
    for (String line : containerd.run("task", "ls").orFail("ctr task ls").output().split("\n")) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length >= 3 && fields[0].equals(id)) {
        return Long.parseLong(fields[1]);
      }
    }
    throw new AssertionError("no task " + id + " in ctr task ls");
  }

  private static List<String> commandLine(Path proc) throws IOException {
    String raw = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
    return Arrays.asList(raw.split("\0"));
  }

  /** The options of the container's "/" as the process sees it (mountinfo's per-mount options). */
  private static List<String> rootMountOptions(Path proc) throws IOException {
    for (String line : Files.readAllLines(proc.resolve("mountinfo"))) {
      String[] fields = line.split(" ");
      if (fields[4].equals("/")) {
        return Arrays.asList(fields[5].split(","));
      }
    }
    throw new AssertionError("no / in " + proc.resolve("mountinfo"));
  }

  /** The log once it holds TEXT; fails with the log's text if it never does. */
  private static String awaitLog(Path log, String text) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    String output = "";
    while (Instant.now().isBefore(deadline)) {
      output = Files.exists(log) ? Files.readString(log) : "";
      if (output.contains(text)) {
        return output;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "no \"" + text + "\" in the log within " + START_TIMEOUT + ":\n" + output);
  }
}
