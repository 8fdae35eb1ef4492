package dev.rgmanager.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of invalid manifests: each file states the error it must draw ({@code # expect:}) and
 * the field it must name ({@code # field:}); the offline validator must refuse it that way.
 */
class InvalidManifestsTest {
  private static final ManifestValidator VALIDATOR = ManifestValidator.create();

  static Path table() {
    return RepoPaths.root().resolve("crds/src/test/resources/invalid-manifests");
  }

  static Stream<Path> manifests() throws IOException {
    try (Stream<Path> files = Files.list(table())) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @Test
  void theTableCoversAtLeastTwentyFiveRules() throws IOException {
    assertThat(manifests()).hasSizeGreaterThanOrEqualTo(25);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifests")
  void refusedWithTheRulesMessageNamingTheField(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String expect =
        header(text, "expect").orElseThrow(() -> new AssertionError(file + ": no # expect:"));
    Optional<String> field = header(text, "field");

    List<ManifestError> errors = VALIDATOR.validate(file.getFileName().toString(), text);

    assertThat(errors).as("errors for %s", file.getFileName()).isNotEmpty();
    assertThat(errors)
        .as("an error containing '%s' in %s", expect, errors)
        .anySatisfy(
            e -> {
              assertThat(e.toString()).contains(expect);
              if (field.isPresent()) {
                assertThat(e.field()).isEqualTo(field.get());
              } else {
                assertThat(e.field()).isNotBlank();
              }
              assertThat(e.toString()).contains(e.field() + ": ");
            });
  }

  /** A {@code # name: value} line from the file's leading comment block. */
  static Optional<String> header(String text, String name) {
    String prefix = "# " + name + ":";
    return text.lines()
        .takeWhile(l -> l.startsWith("#") || l.isBlank())
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()).trim())
        .findFirst();
  }
}
