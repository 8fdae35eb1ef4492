package dev.rgmanager.api.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Helm chart installs exactly the committed CRDs: its crds/ is a copy kept in sync here. */
class ChartCrdsTest {
  static Path root() {
    String root = System.getProperty("rgm.repo.root");
    return root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
  }

  private static List<String> crdNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".rgmanager.dev.yaml"))
          .sorted()
          .toList();
    }
  }

  @Test
  void chartCrdsEqualTheCommittedCrds() throws IOException {
    Path committed = root().resolve("crds");
    Path chart = root().resolve("helm/rgmanager-operator/crds");

    assertThat(crdNames(chart)).isEqualTo(crdNames(committed)).hasSize(4);
    for (String name : crdNames(committed)) {
      assertThat(Files.readString(chart.resolve(name)))
          .as(
              "helm/rgmanager-operator/crds/%s is stale: cp crds/%s helm/rgmanager-operator/crds/",
              name, name)
          .isEqualTo(Files.readString(committed.resolve(name)));
    }
  }
}
