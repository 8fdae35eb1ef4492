package dev.rgmanager.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One simulated BMC (OpenIPMI ipmi_sim) per node, on 127.0.0.1 port 6230+n for node-n (as in
 * config/samples/fencing/fencedevices.yaml), coupled to the node: when a BMC's power file says off,
 * the node's heartbeat stops; when it says on again, the node comes back. Started once per run,
 * stopped by PID when the JVM exits.
 */
public final class Bmcs {
  public static final int BASE_PORT = 6230;

  /**
   * The simulated BMCs' administrator password: distinctive, so a test can prove it never leaks.
   */
  public static final String PASSWORD = "Kx7-bmc-pw-91";

  private static Bmcs current;

  private final Map<String, Bmc> bmcs = new LinkedHashMap<>();
  private final ControlPlane cp;
  private final Thread watcher;
  private volatile boolean running = true;

  private record Bmc(String node, int port, Path dir, Process process) {
    Path powerFile() {
      return dir.resolve("power.state");
    }
  }

  /** The run's BMCs for node-1..node-n, started on first use. */
  public static synchronized Bmcs get(ControlPlane cp, int nodes) {
    if (current == null) {
      current = new Bmcs(cp, nodes, RepoPaths.root().resolve("e2e/target/bmcs"), PASSWORD);
      Runtime.getRuntime().addShutdownHook(new Thread(current::stop, "bmcs-stop"));
    }
    return current;
  }

  /**
   * bin/demo's BMCs: {@code Bmcs CLUSTER NODES DIR}, the administrator password in the environment
   * variable BMC_PASSWORD (never on the command line); runs until the process is stopped.
   */
  public static void main(String[] args) throws InterruptedException {
    String password = System.getenv("BMC_PASSWORD");
    if (args.length != 3 || password == null || password.isBlank()) {
      System.err.println("usage: BMC_PASSWORD=... Bmcs CLUSTER NODES DIR");
      System.exit(2);
    }
    Bmcs bmcs =
        new Bmcs(
            ControlPlane.running(args[0]), Integer.parseInt(args[1]), Path.of(args[2]), password);
    Runtime.getRuntime().addShutdownHook(new Thread(bmcs::stop, "bmcs-stop"));
    bmcs.bmcs
        .values()
        .forEach(b -> System.out.println(b.node() + ": BMC on 127.0.0.1:" + b.port()));
    bmcs.watcher.join();
  }

  private Bmcs(ControlPlane cp, int nodes, Path base, String password) {
    this.cp = cp;
    try {
      Files.createDirectories(base);
      for (int i = 1; i <= nodes; i++) {
        String node = "node-" + i;
        int port = BASE_PORT + i;
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
                .replace("addr 127.0.0.1 6230", "addr 127.0.0.1 " + port)
                .replace('"' + PASSWORD + '"', '"' + password + '"'));
        Files.writeString(dir.resolve("power.state"), "1\n");
        ProcessBuilder pb =
            new ProcessBuilder(
                    "ipmi_sim", "-c", "lan.conf", "-f", "bmc.emu", "-s", dir + "/state", "-n")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("ipmi_sim.log").toFile());
        pb.environment().put("IPMISIM_POWER_FILE", dir.resolve("power.state").toString());
        pb.environment().remove("BMC_PASSWORD");
        bmcs.put(node, new Bmc(node, port, dir, pb.start()));
      }
    } catch (IOException e) {
      stop();
      throw new IllegalStateException("cannot start ipmi_sim (Debian package openipmi)", e);
    }
    watcher = new Thread(this::watch, "bmc-power-watcher");
    watcher.setDaemon(true);
    watcher.start();
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

  /** Whether the node's BMC says its power is on. */
  public boolean powerOn(String node) {
    return read(bmc(node)) != '0';
  }

  private Bmc bmc(String node) {
    Bmc b = bmcs.get(node);
    if (b == null) {
      throw new IllegalArgumentException("no BMC for " + node);
    }
    return b;
  }

  private void watch() {
    Map<String, Boolean> applied = new LinkedHashMap<>();
    bmcs.keySet().forEach(n -> applied.put(n, true));
    while (running) {
      for (Bmc b : bmcs.values()) {
        boolean on = read(b) != '0';
        if (on != applied.get(b.node())) {
          try {
            if (on) {
              cp.recoverNode(b.node());
            } else {
              cp.failNode(b.node());
            }
            applied.put(b.node(), on);
          } catch (RuntimeException e) {
            System.err.println("power coupling of " + b.node() + ": " + e.getMessage());
          }
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static char read(Bmc b) {
    try {
      String s = Files.readString(b.powerFile()).trim();
      return s.isEmpty() ? '1' : s.charAt(0);
    } catch (IOException e) {
      return '1';
    }
  }

  void stop() {
    running = false;
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
