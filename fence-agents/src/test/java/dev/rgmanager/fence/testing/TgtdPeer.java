package dev.rgmanager.fence.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One tgtd iSCSI target on a free loopback port with a file-backed LUN 1, driven through its own
 * management channel (-C) so several can run beside each other.
 */
public final class TgtdPeer implements AutoCloseable {
  public static final String TARGET = "iqn.2024-01.test.local:fence-lun";

  private final Path dir;
  private final int port;
  private final int controlPort;
  private final Process process;
  private final String tgtadm;

  private TgtdPeer(Path dir, int port, int controlPort, Process process, String tgtadm) {
    this.dir = dir;
    this.port = port;
    this.controlPort = controlPort;
    this.process = process;
    this.tgtadm = tgtadm;
  }

  public static TgtdPeer start() throws IOException {
    String tgtd = Tools.require("tgtd", "tgt");
    String tgtadm = Tools.require("tgtadm", "tgt");
    Path dir = Files.createTempDirectory("tgtd");
    try (var f = new java.io.RandomAccessFile(dir.resolve("lun1.img").toFile(), "rw")) {
      f.setLength(16L << 20);
    }
    IOException last = null;
    // A management channel number another tgtd holds makes ours exit: try another one.
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        return launch(tgtd, tgtadm, dir);
      } catch (IOException e) {
        last = e;
      }
    }
    throw last;
  }

  private static TgtdPeer launch(String tgtd, String tgtadm, Path dir) throws IOException {
    int port = Tools.freeTcpPort();
    // tgtd accepts management channel numbers up to 32767.
    int control = 1000 + ThreadLocalRandom.current().nextInt(31000);
    Process p =
        new ProcessBuilder(
                tgtd, "-f", "-C", Integer.toString(control), "--iscsi", "portal=127.0.0.1:" + port)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("tgtd.log").toFile())
            .start();
    TgtdPeer peer = new TgtdPeer(dir, port, control, p, tgtadm);
    boolean up =
        Tools.poll(
            10_000,
            () ->
                p.isAlive()
                    && listening(port)
                    && peer.admin("--op", "show", "--mode", "target").exitCode() == 0
                    && p.isAlive());
    if (!up) {
      peer.close();
      throw new IOException("tgtd did not come up: " + Files.readString(dir.resolve("tgtd.log")));
    }
    peer.check(peer.admin("--op", "new", "--mode", "target", "--tid", "1", "--targetname", TARGET));
    peer.createLun();
    peer.check(
        peer.admin(
            "--op", "bind", "--mode", "target", "--tid", "1", "--initiator-address", "127.0.0.1"));
    return peer;
  }

  /** Only our tgtd listens on our portal: proof that the management channel is ours too. */
  private static boolean listening(int port) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void createLun() {
    check(
        admin(
            "--op",
            "new",
            "--mode",
            "logicalunit",
            "--tid",
            "1",
            "--lun",
            "1",
            "--backing-store",
            dir.resolve("lun1.img").toString()));
  }

  /**
   * Adds a further file-backed logical unit {@code lun} (2 and up) on which nobody is registered:
   * what a FenceDevice pointing at the wrong LUN reaches.
   */
  public void addLun(int lun) throws IOException {
    Path image = dir.resolve("lun" + lun + ".img");
    try (var f = new java.io.RandomAccessFile(image.toFile(), "rw")) {
      f.setLength(4L << 20);
    }
    check(
        admin(
            "--op",
            "new",
            "--mode",
            "logicalunit",
            "--tid",
            "1",
            "--lun",
            Integer.toString(lun),
            "--backing-store",
            image.toString()));
  }

  /** Forgets every registration and reservation (tgtd keeps them in memory with the LU). */
  public void resetReservations() {
    check(admin("--op", "delete", "--mode", "logicalunit", "--tid", "1", "--lun", "1"));
    createLun();
  }

  /** Adds a CHAP account bound to the target: from then on, logins need it. */
  public void requireChap(String user, String password) {
    check(admin("--op", "new", "--mode", "account", "--user", user, "--password", password));
    check(admin("--op", "bind", "--mode", "account", "--tid", "1", "--user", user));
  }

  public void dropChap(String user) {
    check(admin("--op", "unbind", "--mode", "account", "--tid", "1", "--user", user));
    check(admin("--op", "delete", "--mode", "account", "--user", user));
  }

  public int port() {
    return port;
  }

  private Tools.Result admin(String... args) {
    String[] command = new String[args.length + 4];
    command[0] = tgtadm;
    command[1] = "-C";
    command[2] = Integer.toString(controlPort);
    command[3] = "--lld=iscsi";
    System.arraycopy(args, 0, command, 4, args.length);
    return Tools.run(15_000, null, null, command);
  }

  private void check(Tools.Result r) {
    if (r.exitCode() != 0) {
      throw new IllegalStateException("tgtadm failed: " + r.output());
    }
  }

  /** Stops tgtd as its recipe says (it ignores SIGTERM), then by PID if it is still there. */
  @Override
  public void close() {
    // Never send "delete system" to a channel that might belong to another tgtd.
    if (process.isAlive() && listening(port)) {
      admin("--op", "delete", "--mode", "target", "--tid", "1", "--force");
      admin("--op", "delete", "--mode", "system");
    }
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
