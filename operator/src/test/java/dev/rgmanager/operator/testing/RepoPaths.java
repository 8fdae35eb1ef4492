package dev.rgmanager.operator.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository is: the rgm.repo.root property, or the nearest parent holding .ci/. */
public final class RepoPaths {
  private RepoPaths() {}

  public static Path root() {
    String prop = System.getProperty("rgm.repo.root");
    if (prop != null && Files.isDirectory(Path.of(prop, "crds"))) {
      return Path.of(prop);
    }
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve(".ci"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(
          "cannot find the repository root (no .ci/ above the working directory)");
    }
    return p;
  }
}
