package dev.rgmanager.e2e;

import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.Clients;
import dev.rgmanager.operator.testing.ControlPlane;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** What tests on real nodes share: the skip where they cannot run, and host processes by marker. */
public final class RealNodes {
  private RealNodes() {}

  /**
   * Skips a test class, with the reason on one line, where this machine cannot run real nodes for
   * the class's own cluster (named by {@link #cluster()}).
   */
  public abstract static class WhereTheyRun implements ExecutionCondition {
    /** The name of the class's own cluster (never the shared "e2e"). */
    protected abstract String cluster();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      if (context.getTestMethod().isPresent()) {
        // decided once for the class: by now its own cluster runs the real nodes
        return ConditionEvaluationResult.enabled("the class runs");
      }
      Optional<String> why = ControlPlane.realNodesUnavailable(cluster());
      why.ifPresent(reason -> System.err.println(context.getDisplayName() + " skipped: " + reason));
      return why.map(ConditionEvaluationResult::disabled)
          .orElseGet(() -> ConditionEvaluationResult.enabled("this machine runs real nodes"));
    }
  }

  /** A client of the cluster {@code cp}. */
  public static KubernetesClient client(ControlPlane cp) throws IOException {
    return Clients.of(cp);
  }

  /**
   * The host PIDs of the processes whose last argument is {@code marker} (a shell started as {@code
   * sh -c SCRIPT MARKER} has it as its $0), leaving out a fork of such a process that has not yet
   * exec'd its command (it still carries its parent's arguments).
   */
  public static List<Long> processesWith(String marker) {
    String tail = "\0" + marker + "\0";
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      List<Long> carrying =
          procs
              .filter(p -> p.getFileName().toString().matches("\\d+"))
              .filter(p -> cmdline(p).endsWith(tail))
              .map(p -> Long.parseLong(p.getFileName().toString()))
              .toList();
      return carrying.stream().filter(pid -> !carrying.contains(parent(pid))).toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
  }

  /**
   * The host PIDs of the processes whose working directory is {@code dir} (compared by device and
   * inode, so a process that sees it through a bind mount under another path counts).
   */
  public static List<Long> processesIn(Path dir) {
    List<Object> want;
    try {
      want = deviceAndInode(dir);
    } catch (IOException e) {
      return List.of();
    }
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs
          .filter(p -> p.getFileName().toString().matches("\\d+"))
          .filter(p -> want.equals(workingDirectory(p)))
          .map(p -> Long.parseLong(p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
  }

  private static List<Object> workingDirectory(Path proc) {
    try {
      return deviceAndInode(proc.resolve("cwd"));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static List<Object> deviceAndInode(Path p) throws IOException {
    Map<String, Object> a = Files.readAttributes(p, "unix:dev,ino");
    return List.of(a.get("dev"), a.get("ino"));
  }

  /** The host PID of the one process carrying {@code marker}, awaited for 30 s. */
  public static long processWith(String marker) {
    return Await.REAL_CLUSTER
        .until(
            "a host process carrying " + marker,
            Duration.ofSeconds(30),
            () -> processesWith(marker),
            pids -> !pids.isEmpty())
        .get(0);
  }

  private static String cmdline(Path proc) {
    try {
      return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** The parent PID of {@code pid}, or -1 once it is gone. */
  static long parent(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // "pid (comm) S ppid ...": comm may hold spaces and parentheses, the last ')' ends it
      String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(after[1]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The freezer cgroup of {@code pid}, e.g. /rgm-rn-NAME/node-2/kubepods/besteffort/pod.../... */
  public static String freezerCgroup(long pid) throws IOException {
    return Files.readAllLines(Path.of("/proc/" + pid + "/cgroup")).stream()
        .map(l -> l.split(":", 3))
        .filter(f -> f[1].equals("freezer"))
        .map(f -> f[2])
        .findFirst()
        .orElseThrow(() -> new AssertionError("process " + pid + " has no freezer cgroup"));
  }

  /**
   * THAWED, FREEZING or FROZEN: the freezer state of {@code cgroup} (a child shows its parent's).
   */
  public static String freezerState(String cgroup) throws IOException {
    return Files.readString(Path.of("/sys/fs/cgroup/freezer" + cgroup + "/freezer.state")).trim();
  }

  /** The process state letter (R, S, D, T, Z...), or "" once the process is gone. */
  public static String state(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
          .filter(l -> l.startsWith("State:"))
          .map(l -> l.substring("State:".length()).trim().substring(0, 1))
          .findFirst()
          .orElse("");
    } catch (IOException e) {
      return "";
    }
  }

  /** Gone, or a zombie waiting for init to reap it: nothing of it runs any more. */
  public static boolean dead(long pid) {
    String s = state(pid);
    return s.isEmpty() || s.equals("Z");
  }

  /** The body of a GET of {@code url} (2 s to connect, 2 s to read), on a connection of its own. */
  public static String httpGet(String url) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
      c.setConnectTimeout(2000);
      c.setReadTimeout(2000);
      // a new connection each time: through a Service, each GET may reach another pod
      c.setRequestProperty("Connection", "close");
      try (InputStream in = c.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      throw new IllegalStateException(url + ": " + e.getMessage(), e);
    }
  }
}
