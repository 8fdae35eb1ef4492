package dev.rgmanager.e2e;

import dev.rgmanager.operator.testing.ControlPlane;
import dev.rgmanager.operator.testing.RepoPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One simulated BMC (OpenIPMI ipmi_sim) per node, on 127.0.0.1 port {@code basePort}+n for node-n
 * (6230+n for the run's shared cluster, as in config/samples/fencing/fencedevices.yaml), coupled to
 * the node by a {@link PowerCoupling}: a simulated node loses and regains its heartbeat, a real
 * node loses and regains its power (every process killed; containerd and kubelet started again).
 * The chassis reports the power the node really has: off only once the coupling has turned it off,
 * so a fence agent that checks the power after an off checks the machine, not the request. Started
 * once per run, stopped by PID when the JVM exits.
 */
public final class Bmcs implements AutoCloseable {
  public static final int BASE_PORT = 6230;

  /**
   * The simulated BMCs' administrator password: distinctive, so a test can prove it never leaks.
   */
  public static final String PASSWORD = "Kx7-bmc-pw-91";

  private static Bmcs current;

  private final Map<String, Bmc> bmcs =
      java.util.Collections.synchronizedMap(new LinkedHashMap<>());
  private final PowerCoupling coupling;
  private final List<Thread> watchers = new ArrayList<>();
  private volatile boolean running = true;

  /** What a BMC's power does to its node. */
  public interface PowerCoupling {
    void off(String node);

    void on(String node);

    /** Simulated nodes: power stops and resumes the heartbeat. */
    static PowerCoupling heartbeat(ControlPlane cp) {
      return new PowerCoupling() {
        @Override
        public void off(String node) {
          cp.failNode(node);
        }

        @Override
        public void on(String node) {
          cp.recoverNode(node);
        }
      };
    }

    /** Real nodes: power off is a power cut, power on a boot. */
    static PowerCoupling power(ControlPlane cp) {
      return new PowerCoupling() {
        @Override
        public void off(String node) {
          cp.powerCut(node);
        }

        @Override
        public void on(String node) {
          cp.powerOn(node);
        }
      };
    }
  }

  private record Bmc(String node, int port, Path dir, ProcessBuilder simulator, Process process) {
    /** The power the chassis was last told to have. */
    Path powerFile() {
      return dir.resolve("power.state");
    }

    /** The power the node has: what the chassis reports. */
    Path actualFile() {
      return dir.resolve("power.actual");
    }
  }

  /** The run's BMCs for node-1..node-n of the shared cluster, started on first use. */
  public static synchronized Bmcs get(ControlPlane cp, int nodes) {
    if (current == null) {
      current =
          new Bmcs(
              RepoPaths.root().resolve("e2e/target/bmcs"),
              PASSWORD,
              "127.0.0.1",
              BASE_PORT,
              nodes,
              PowerCoupling.heartbeat(cp));
      Runtime.getRuntime().addShutdownHook(new Thread(current::stop, "bmcs-stop"));
    }
    return current;
  }

  /**
   * BMCs for the real nodes node-1..node-n of {@code cp}, on {@code basePort}+n, under {@code dir}:
   * their power off is a power cut. Stop them with {@link #close()}.
   */
  public static Bmcs forRealNodes(ControlPlane cp, int nodes, int basePort, Path dir) {
    return forRealNodes(cp, nodes, "127.0.0.1", basePort, dir);
  }

  /**
   * As {@link #forRealNodes(ControlPlane, int, int, Path)}, listening on {@code address} (e.g.
   * 198.18.0.1, the host on the nodes' bridge, where pods reach them: the operator as a pod).
   */
  public static Bmcs forRealNodes(
      ControlPlane cp, int nodes, String address, int basePort, Path dir) {
    Bmcs b = new Bmcs(dir, PASSWORD, address, basePort, nodes, PowerCoupling.power(cp));
    Runtime.getRuntime().addShutdownHook(new Thread(b::stop, "bmcs-stop-" + basePort));
    return b;
  }

  /**
   * bin/demo's BMCs: {@code Bmcs CLUSTER NODES DIR [heartbeat|power]} (power: the nodes are real),
   * the administrator password in the environment variable BMC_PASSWORD (never on the command
   * line); runs until the process is stopped.
   */
  public static void main(String[] args) throws InterruptedException {
    String password = System.getenv("BMC_PASSWORD");
    if (args.length < 3 || args.length > 4 || password == null || password.isBlank()) {
      System.err.println("usage: BMC_PASSWORD=... Bmcs CLUSTER NODES DIR [heartbeat|power]");
      System.exit(2);
    }
    ControlPlane cp = ControlPlane.running(args[0]);
    PowerCoupling coupling =
        args.length == 4 && args[3].equals("power")
            ? PowerCoupling.power(cp)
            : PowerCoupling.heartbeat(cp);
    Bmcs bmcs =
        new Bmcs(
            Path.of(args[2]),
            password,
            "127.0.0.1",
            BASE_PORT,
            Integer.parseInt(args[1]),
            coupling);
    Runtime.getRuntime().addShutdownHook(new Thread(bmcs::stop, "bmcs-stop"));
    bmcs.bmcs
        .values()
        .forEach(b -> System.out.println(b.node() + ": BMC on 127.0.0.1:" + b.port()));
    for (Thread t : bmcs.watchers) {
      t.join();
    }
  }

  private Bmcs(
      Path base, String password, String address, int basePort, int nodes, PowerCoupling coupling) {
    this.coupling = coupling;
    try {
      Files.createDirectories(base);
      for (int i = 1; i <= nodes; i++) {
        String node = "node-" + i;
        int port = basePort + i;
        Path dir = base.resolve(node);
        Files.createDirectories(dir.resolve("state"));
        copy("bmc.emu", dir);
        Path chassis = copy("chassis.sh", dir);
        Files.setPosixFilePermissions(chassis, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path lanConf = dir.resolve("lan.conf");
        Files.deleteIfExists(lanConf);
        // Only its owner may read the BMC's configuration: it holds the password.
        Files.createFile(
            lanConf,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(
            lanConf,
            resource("lan.conf")
                .replace("\"bmc0\"", "\"bmc-" + node + "\"")
                .replace("addr 127.0.0.1 6230", "addr " + address + " " + port)
                .replace('"' + PASSWORD + '"', '"' + password + '"'));
        Files.writeString(dir.resolve("power.state"), "1\n");
        Files.writeString(dir.resolve("power.actual"), "1\n");
        ProcessBuilder pb =
            new ProcessBuilder(
                    "ipmi_sim", "-c", "lan.conf", "-f", "bmc.emu", "-s", dir + "/state", "-n")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("ipmi_sim.log").toFile());
        pb.environment().put("IPMISIM_POWER_FILE", dir.resolve("power.state").toString());
        pb.environment().put("IPMISIM_ACTUAL_FILE", dir.resolve("power.actual").toString());
        pb.environment().remove("BMC_PASSWORD");
        bmcs.put(node, new Bmc(node, port, dir, pb, pb.start()));
      }
    } catch (IOException e) {
      stop();
      throw new IllegalStateException("cannot start ipmi_sim (Debian package openipmi)", e);
    }
    // one watcher per BMC: a node that takes seconds to boot holds up no other node's power cut
    for (Bmc b : bmcs.values()) {
      Thread t = new Thread(() -> watch(b), "bmc-power-" + b.node());
      t.setDaemon(true);
      t.start();
      watchers.add(t);
    }
  }

  /** Powers every BMC of the run on again, if the run started any (its nodes then come back). */
  static synchronized void restorePowerIfStarted() {
    if (current != null) {
      for (Bmc b : current.bmcs.values()) {
        try {
          Files.writeString(b.powerFile(), "1\n");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  /** The BMC port of a node. */
  public int port(String node) {
    return bmc(node).port();
  }

  /**
   * The BMC of {@code node} stops answering (its simulator is stopped, as if its network cable were
   * pulled): fence agents time out on it. The node keeps the power it has.
   */
  public void unplug(String node) {
    Bmc b = bmc(node);
    b.process().destroy();
    try {
      if (!b.process().waitFor(5, TimeUnit.SECONDS)) {
        b.process().destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The BMC of {@code node} answers again (its simulator started anew, the same configuration). */
  public void plugIn(String node) {
    Bmc b = bmc(node);
    if (b.process().isAlive()) {
      return;
    }
    try {
      bmcs.put(node, new Bmc(node, b.port(), b.dir(), b.simulator(), b.simulator().start()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the node's BMC was last told to power it on. */
  public boolean powerOn(String node) {
    return read(bmc(node).powerFile()) != '0';
  }

  /** Whether the node has power: what its chassis reports. */
  public boolean hasPower(String node) {
    return read(bmc(node).actualFile()) != '0';
  }

  /**
   * When the node last lost its power, as its chassis reports it (empty while it has power): the
   * moment a fence agent's power off took effect.
   */
  public java.util.Optional<java.time.Instant> poweredOffAt(String node) {
    Path actual = bmc(node).actualFile();
    try {
      return read(actual) == '0'
          ? java.util.Optional.of(Files.getLastModifiedTime(actual).toInstant())
          : java.util.Optional.empty();
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  /**
   * Turns the node's power off or on at its BMC, as an administrator at its console would; the node
   * follows within a moment (await {@link #hasPower(String)}).
   */
  public void setPower(String node, boolean on) {
    try {
      Files.writeString(bmc(node).powerFile(), on ? "1\n" : "0\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Bmc bmc(String node) {
    Bmc b = bmcs.get(node);
    if (b == null) {
      throw new IllegalArgumentException("no BMC for " + node);
    }
    return b;
  }

  /** Makes the node follow its BMC's power, then reports the power it has. */
  private void watch(Bmc b) {
    boolean applied = true;
    while (running) {
      boolean on = read(b.powerFile()) != '0';
      if (on != applied) {
        try {
          if (on) {
            coupling.on(b.node());
          } else {
            coupling.off(b.node());
          }
          applied = on;
          Files.writeString(b.actualFile(), on ? "1\n" : "0\n");
        } catch (IOException | RuntimeException e) {
          System.err.println("power coupling of " + b.node() + ": " + e.getMessage());
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static char read(Path file) {
    try {
      String s = Files.readString(file).trim();
      return s.isEmpty() ? '1' : s.charAt(0);
    } catch (IOException e) {
      return '1';
    }
  }

  /** Stops the BMCs (the nodes keep the power they have). */
  @Override
  public void close() {
    stop();
  }

  void stop() {
    running = false;
    watchers.forEach(Thread::interrupt);
    for (Bmc b : bmcs.values()) {
      b.process().destroy();
      try {
        if (!b.process().waitFor(5, TimeUnit.SECONDS)) {
          b.process().destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Path copy(String name, Path dir) throws IOException {
    Path target = dir.resolve(name);
    Files.writeString(target, resource(name));
    return target;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = Bmcs.class.getResourceAsStream("ipmi/" + name)) {
      if (in == null) {
        throw new IOException("missing resource ipmi/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
