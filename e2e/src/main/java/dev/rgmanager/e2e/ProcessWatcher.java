package dev.rgmanager.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches from the host, every 100 ms, the processes of a service on real nodes (those carrying a
 * marker, or those holding a data directory): which node's cgroup holds each, of which pod, and
 * whether it can run (not frozen; a zombie is not seen). Every sample is kept with its time, so a
 * test can ask what was true at any instant.
 */
public final class ProcessWatcher implements AutoCloseable {
  private static final Pattern POD_UID = Pattern.compile("/pod([0-9a-fA-F_-]+)/");
  private final Supplier<List<Long>> watched;
  private final Map<String, String> nodeCgroups;
  private final List<Sample> samples = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  /** One process seen: its PID, node (or "host" outside every node), pod UID, and whether live. */
  public record Seen(long pid, String node, String podUid, boolean live) {}

  /** What one look at /proc found. */
  public record Sample(Instant at, List<Seen> processes) {
    public List<Seen> live() {
      return processes.stream().filter(Seen::live).toList();
    }

    /** The nodes with a process in this sample, live or frozen. */
    public java.util.Set<String> nodes() {
      return processes.stream()
          .map(Seen::node)
          .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    @Override
    public String toString() {
      return at + " " + processes;
    }
  }

  /**
   * Starts watching the processes carrying {@code marker} on the nodes whose cgroups {@code
   * nodeCgroups} names.
   */
  public ProcessWatcher(String marker, Map<String, String> nodeCgroups) {
    this(() -> RealNodes.processesWith(marker), "process-watcher-" + marker, nodeCgroups);
  }

  /**
   * Watches the processes that hold {@code dataDir} (a host directory, seen in the pods through a
   * volume): those working in it, as every PostgreSQL server process does in its data directory. A
   * frozen process still holds it.
   */
  public static ProcessWatcher holding(Path dataDir, Map<String, String> nodeCgroups) {
    return new ProcessWatcher(
        () -> RealNodes.processesIn(dataDir), "data-watcher-" + dataDir, nodeCgroups);
  }

  private ProcessWatcher(
      Supplier<List<Long>> watched, String name, Map<String, String> nodeCgroups) {
    this.watched = watched;
    this.nodeCgroups = Map.copyOf(nodeCgroups);
    this.thread = new Thread(this::watch, name);
    thread.setDaemon(true);
    thread.start();
  }

  private void watch() {
    while (running) {
      samples.add(look());
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private Sample look() {
    Instant at = Instant.now();
    List<Seen> seen = new ArrayList<>();
    for (long pid : watched.get()) {
      try {
        String cgroup = RealNodes.freezerCgroup(pid);
        String node =
            nodeCgroups.entrySet().stream()
                .filter(e -> cgroup.startsWith(e.getValue() + "/"))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse("host");
        Matcher m = POD_UID.matcher(cgroup);
        String uid = m.find() ? m.group(1).replace('_', '-') : "?";
        if (RealNodes.dead(pid)) {
          // a zombie runs nothing and holds nothing (cgroup v1 shows it in the root cgroup)
          continue;
        }
        boolean live = "THAWED".equals(RealNodes.freezerState(cgroup));
        seen.add(new Seen(pid, node, uid, live));
      } catch (IOException | RuntimeException e) {
        // gone between the listing and this look: it no longer runs
      }
    }
    return new Sample(at, List.copyOf(seen));
  }

  /** Every sample so far, oldest first. */
  public List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** The newest sample (taken now if none was yet). */
  public Sample latest() {
    return samples.isEmpty() ? look() : samples.get(samples.size() - 1);
  }

  /** The samples taken between {@code from} and {@code to}. */
  public List<Sample> between(Instant from, Instant to) {
    return samples().stream().filter(s -> !s.at().isBefore(from) && s.at().isBefore(to)).toList();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(2000);
  }
}
