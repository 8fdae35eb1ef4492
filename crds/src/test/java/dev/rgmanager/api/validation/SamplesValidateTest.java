package dev.rgmanager.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample a user copies from config/samples/ passes admission as the validator sees it. */
class SamplesValidateTest {
  private static final ManifestValidator VALIDATOR = ManifestValidator.create();

  static Stream<Path> samples() throws IOException {
    Path samples = RepoPaths.root().resolve("config/samples");
    try (Stream<Path> files = Files.walk(samples)) {
      return files
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .filter(f -> !samples.relativize(f).startsWith("simulations"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sampleValidatesClean(Path file) throws IOException {
    assertThat(VALIDATOR.validate(file)).isEmpty();
  }

  @Test
  void inputAtTheEdgeOfTheRulesIsAdmitted() throws IOException {
    Path edge =
        RepoPaths.root().resolve("crds/src/test/resources/admitted-manifests/near-the-limits.yaml");
    assertThat(VALIDATOR.validate(edge)).isEmpty();
  }
}
