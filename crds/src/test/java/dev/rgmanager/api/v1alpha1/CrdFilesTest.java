package dev.rgmanager.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CRD YAML committed under crds/ is exactly what the Java API types generate. */
class CrdFilesTest {

  @Test
  void committedCrdsMatchTheJavaTypes() throws IOException {
    Map<String, String> generated = CrdFiles.generate(Path.of("target", "crd-generator"));
    if (Boolean.getBoolean("crds.update")) {
      for (var e : generated.entrySet()) {
        Files.writeString(CrdFiles.crdsDir().resolve(e.getKey()), e.getValue());
      }
    }
    assertThat(CrdFiles.committed())
        .as(
            "crds/*.yaml is stale: regenerate with ./mvnw -pl crds test -Dcrds.update=true and"
                + " commit the result")
        .isEqualTo(generated);
  }
}
