package dev.rgmanager.fence.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.BooleanSupplier;

/** Helpers for tests that run real protocol peers: tools on PATH, free ports, polling. */
public final class Tools {
  private Tools() {}

  /** The absolute path of a Debian tool; fails (never skips) when it is missing. */
  public static String require(String tool, String debianPackage) {
    for (String dir : (System.getenv("PATH") + ":/usr/sbin:/sbin").split(":")) {
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new AssertionError(
        tool
            + " is not installed: install Debian package '"
            + debianPackage
            + "' (.ci/install-deps does)");
  }

  public static int freeUdpPort() {
    try (DatagramSocket s = new DatagramSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static int freeTcpPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Polls until {@code condition} holds or {@code millis} pass; returns whether it held. */
  public static boolean poll(long millis, BooleanSupplier condition) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }

  /** Copies a test resource into {@code dir}. */
  public static Path copyResource(String resource, Path dir) throws IOException {
    Path target = dir.resolve(Path.of(resource).getFileName().toString());
    try (InputStream in = Tools.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  /** Removes a peer's scratch directory; leftovers are only untidy, never a failure. */
  public static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }

  /** Runs a command to completion and returns its combined output; fails on timeout. */
  public static Result run(long timeoutMillis, Path dir, String stdin, String... command) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      if (dir != null) {
        pb.directory(dir.toFile());
      }
      Process p = pb.start();
      try (var out = p.getOutputStream()) {
        if (stdin != null) {
          out.write(stdin.getBytes());
        }
      }
      byte[] output = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish in time");
      }
      return new Result(p.exitValue(), new String(output));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A finished command. */
  public record Result(int exitCode, String output) {}
}
