package dev.rgmanager.fence.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One OpenIPMI ipmi_sim BMC on a free loopback UDP port, from the fixture files in
 * src/test/resources/ipmi_sim, with its power state in a file a test can read and write.
 */
public final class IpmiSimPeer implements AutoCloseable {
  public static final String USER = "admin";
  public static final String PASSWORD = "secret";

  private final Path dir;
  private final int port;
  private final Process process;

  private IpmiSimPeer(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /** Starts ipmi_sim and waits until ipmitool gets an answer from it. */
  public static IpmiSimPeer start() throws IOException {
    String ipmiSim = Tools.require("ipmi_sim", "openipmi");
    String ipmitool = Tools.require("ipmitool", "ipmitool");
    Path dir = Files.createTempDirectory("ipmi-sim");
    Files.createDirectories(dir.resolve("state"));
    Tools.copyResource("ipmi_sim/bmc.emu", dir);
    Path chassis = Tools.copyResource("ipmi_sim/chassis.sh", dir);
    chassis.toFile().setExecutable(true);
    // A wrapper records every power change, so a test can see that a reboot went through off;
    // it counts power reads, and can hold a power-off back for a number of them (a slow chassis).
    Path logged = dir.resolve("chassis-logged.sh");
    Files.writeString(
        logged,
        String.join(
            "\n",
            "#!/bin/sh",
            "[ \"$1\" = set ] && echo \"$*\" >> ./power.log",
            "if [ \"$*\" = \"set power 0\" ] && [ -f ./off-delay ]; then",
            "  mv ./off-delay ./off-countdown; exit 0",
            "fi",
            "if [ \"$1\" = get ]; then",
            "  echo get >> ./reads.log",
            "  if [ -f ./off-countdown ]; then",
            "    n=$(cat ./off-countdown)",
            "    if [ \"$n\" -le 1 ]; then rm ./off-countdown; ./chassis.sh set power 0;",
            "    else echo $((n - 1)) > ./off-countdown; fi",
            "  fi",
            "fi",
            "exec ./chassis.sh \"$@\"",
            ""));
    logged.toFile().setExecutable(true);
    int port = Tools.freeUdpPort();
    Path lan = Tools.copyResource("ipmi_sim/lan.conf", dir);
    String conf =
        Files.readString(lan)
            .replace("addr 127.0.0.1 6230", "addr 127.0.0.1 " + port)
            .replace("\"./chassis.sh\"", "\"./chassis-logged.sh\"");
    Files.writeString(lan, conf);
    Files.writeString(dir.resolve("power.state"), "1\n");
    Process p =
        new ProcessBuilder(
                ipmiSim,
                "-c",
                "lan.conf",
                "-f",
                "bmc.emu",
                "-s",
                dir.resolve("state").toString(),
                "-n")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("ipmi_sim.log").toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    IpmiSimPeer peer = new IpmiSimPeer(dir, port, p);
    boolean up =
        Tools.poll(
            15_000,
            () ->
                p.isAlive()
                    && Tools.run(
                                10_000,
                                null,
                                null,
                                ipmitool,
                                "-I",
                                "lanplus",
                                "-H",
                                "127.0.0.1",
                                "-p",
                                Integer.toString(port),
                                "-U",
                                USER,
                                "-P",
                                PASSWORD,
                                "-C",
                                "3",
                                "-N",
                                "1",
                                "-R",
                                "1",
                                "chassis",
                                "power",
                                "status")
                            .exitCode()
                        == 0);
    if (!up) {
      peer.close();
      throw new IOException("ipmi_sim did not come up on port " + port);
    }
    return peer;
  }

  public int port() {
    return port;
  }

  /** The power state as chassis.sh keeps it: true = on. */
  public boolean powered() {
    try {
      return Files.readString(dir.resolve("power.state")).trim().equals("1");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public void setPowered(boolean on) throws IOException {
    Files.writeString(dir.resolve("power.state"), on ? "1\n" : "0\n");
  }

  /** The next power-off takes effect only at the {@code reads}-th power read after it. */
  public void delayPowerOff(int reads) throws IOException {
    Files.writeString(dir.resolve("off-delay"), reads + "\n");
  }

  /** How many times the BMC has read the power state since it started. */
  public int powerReads() throws IOException {
    Path log = dir.resolve("reads.log");
    return Files.exists(log) ? Files.readAllLines(log).size() : 0;
  }

  /** Power changes seen by chassis.sh since the last call ("set power 0", ...). */
  public List<String> takePowerLog() throws IOException {
    Path log = dir.resolve("power.log");
    if (!Files.exists(log)) {
      return List.of();
    }
    List<String> lines = Files.readAllLines(log);
    Files.delete(log);
    return lines;
  }

  /** Stops ipmi_sim by its PID. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!process.isAlive()) {
      Tools.deleteTree(dir);
    }
  }
}
