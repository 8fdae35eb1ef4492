package dev.rgmanager.fence.external;

import dev.rgmanager.fence.FenceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** One run of an agent program: stdin written and closed, outputs collected, killed on timeout. */
final class AgentProcess {
  private static final int MAX_OUTPUT = 64 * 1024;

  /** How a run ended. */
  record Finished(int exitCode, String stdout, String stderr) {}

  private AgentProcess() {}

  static Finished run(Path program, String stdin, Duration timeout) throws FenceException {
    Process p;
    try {
      ProcessBuilder pb = new ProcessBuilder(program.toString());
      // A minimal environment: nothing of ours (no credentials) leaks into the agent.
      pb.environment().keySet().retainAll(java.util.Set.of("PATH", "LANG", "LC_ALL", "HOME"));
      p = pb.start();
    } catch (IOException e) {
      throw new FenceException("cannot start " + program + ": " + e.getMessage());
    }
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // The agent may exit before reading everything; its exit code tells what happened.
    }
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(p);
        throw new FenceException(
            program.getFileName()
                + " did not finish within "
                + timeout.toMillis() / 1000.0
                + "s and was killed");
      }
      return new Finished(p.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      kill(p);
      Thread.currentThread().interrupt();
      throw new FenceException("interrupted while running " + program.getFileName());
    }
  }

  /** Kills the agent and whatever it started (ipmitool, ssh...). */
  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String read(InputStream in) {
    try (in) {
      byte[] b = in.readNBytes(MAX_OUTPUT);
      in.transferTo(OutputStream.nullOutputStream());
      return new String(b, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
