package dev.rgmanager.plugin.manifests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The files that {@code -f} names, read as {@code kubectl apply -f} reads them: a file is read
 * whatever its name; a directory gives its files ending .yaml, .yml or .json, and those of its
 * subdirectories only with {@code -R}. In a directory, a simulation's events ({@code
 * *.events.yaml}, {@code *.events.yml}) and expected transcripts ({@code *.expected.json}) are not
 * Kubernetes objects and are skipped.
 */
public final class ManifestFiles {
  /** What the arguments name: the manifests, and the simulation files skipped in directories. */
  public record Expansion(List<Path> manifests, List<Path> skipped) {}

  private ManifestFiles() {}

  public static Expansion expand(List<Path> paths, boolean recursive) throws IOException {
    List<Path> manifests = new ArrayList<>();
    List<Path> skipped = new ArrayList<>();
    for (Path path : paths) {
      if (!Files.exists(path)) {
        throw new IOException(path + ": no such file or directory");
      }
      if (!Files.isDirectory(path)) {
        manifests.add(path);
        continue;
      }
      List<Path> found;
      try (Stream<Path> walk = Files.walk(path, recursive ? Integer.MAX_VALUE : 1)) {
        found =
            walk.filter(Files::isRegularFile)
                .filter(ManifestFiles::isManifestName)
                .sorted()
                .toList();
      }
      List<Path> inDirectory = new ArrayList<>();
      for (Path file : found) {
        (isSimulationFile(file) ? skipped : inDirectory).add(file);
      }
      if (inDirectory.isEmpty()) {
        throw new IOException(
            path
                + ": no .yaml, .yml or .json manifests in it"
                + (!recursive && hasSubdirectories(path) ? " (-R reads its subdirectories)" : ""));
      }
      manifests.addAll(inDirectory);
    }
    return new Expansion(manifests, skipped);
  }

  private static boolean isManifestName(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }

  /** A simulation's events file or expected transcript (see docs/simulate.md). */
  public static boolean isSimulationFile(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".events.yaml")
        || name.endsWith(".events.yml")
        || name.endsWith(".expected.json");
  }

  private static boolean hasSubdirectories(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.anyMatch(Files::isDirectory);
    }
  }
}
