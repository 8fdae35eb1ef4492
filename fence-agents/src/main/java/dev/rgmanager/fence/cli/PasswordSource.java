package dev.rgmanager.fence.cli;

import dev.rgmanager.fence.FenceException;
import dev.rgmanager.fence.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Takes the password out of the parameters (password, or the first line printed by
 * password_script), so the rest can be passed around and logged.
 */
final class PasswordSource {
  private static final long SCRIPT_TIMEOUT_SECONDS = 10;

  private PasswordSource() {}

  static Secret take(Map<String, String> values) throws FenceException {
    String password = values.remove("password");
    String script = values.remove("password_script");
    if (password != null && !password.isEmpty()) {
      return Secret.of(password);
    }
    if (script == null || script.isBlank()) {
      return Secret.none();
    }
    return Secret.of(run(script));
  }

  private static String run(String script) throws FenceException {
    try {
      Process p =
          new ProcessBuilder("/bin/sh", "-c", script)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      p.getOutputStream().close();
      byte[] out;
      try (InputStream in = p.getInputStream()) {
        out = in.readNBytes(4096);
      }
      if (!p.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new FenceException("password_script did not finish within 10s");
      }
      if (p.exitValue() != 0) {
        throw new FenceException("password_script failed with exit code " + p.exitValue());
      }
      String text = new String(out, StandardCharsets.UTF_8);
      int nl = text.indexOf('\n');
      return nl < 0 ? text.strip() : text.substring(0, nl).strip();
    } catch (IOException e) {
      throw new FenceException("cannot run password_script");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FenceException("interrupted while running password_script");
    }
  }
}
