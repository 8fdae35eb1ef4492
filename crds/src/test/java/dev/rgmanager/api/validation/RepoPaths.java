package dev.rgmanager.api.validation;

import java.nio.file.Path;

/** Paths in the checkout, from the build's property or the module's working directory. */
final class RepoPaths {
  private RepoPaths() {}

  static Path root() {
    String root = System.getProperty("rgm.repo.root");
    return root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
  }
}
