package dev.rgmanager.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built image archive: the chart's reference, a numeric non-root user, a shell-free JVM
 * entrypoint.
 */
class ImageArchiveIT {

  private static final String JAVA = System.getProperty("rgm.image.java");
  private static ImageArchive image;

  @BeforeAll
  static void readImage() throws IOException {
    image = ImageArchive.read(Path.of(System.getProperty("rgm.image.tar")));
  }

  @Test
  void isNamedAsTheBuildWasAsked() {
    assertThat(image.reference).isEqualTo(System.getProperty("rgm.image.reference"));
  }

  @Test
  void theBuildsDefaultNameIsTheOneTheHelmChartPulls() throws Exception {
    Path root = Path.of(System.getProperty("rgm.repo.root"));
    assertThat(BuildDefaults.imageReference(root.resolve("operator/image/pom.xml")))
        .isEqualTo(ChartImage.defaultReference(root));
  }

  @Test
  void runsAsTheNumericNonRootUser185() {
    // Numeric, so the kubelet can check runAsNonRoot without reading the image's /etc/passwd.
    assertThat(image.config.path("config").path("User").asText()).isEqualTo("185:185");
    assertThat(image.layerWith("etc/passwd")).isNotNull();
  }

  @Test
  void entrypointIsTheJvmRunningTheFastJarWithoutAShell() {
    JsonNode config = image.config.path("config");
    List<String> entrypoint = new ArrayList<>();
    config.path("Entrypoint").forEach(arg -> entrypoint.add(arg.asText()));
    assertThat(entrypoint).first().isEqualTo(JAVA);
    assertThat(entrypoint).endsWith("-jar", "/deployments/quarkus-run.jar");
    assertThat(entrypoint).noneMatch(arg -> arg.matches("(.*/)?(sh|bash|dash)|-c"));
    assertThat(config.path("Cmd").isMissingNode() || config.path("Cmd").isEmpty()).isTrue();
    assertThat(config.path("WorkingDir").asText()).isEqualTo("/deployments");
    assertThat(image.layerWith(JAVA.substring(1)).entries().get(JAVA.substring(1)).mode() & 0111)
        .isNotZero();
  }

  @Test
  void holdsTheBaseAndEachPartOfTheFastJarInItsOwnLayer() {
    assertThat(image.layers).hasSize(image.config.path("rootfs").path("diff_ids").size());
    var base = image.layerWith(JAVA.substring(1));
    var lib = image.layerWith("deployments/lib/boot");
    var launcher = image.layerWith("deployments/quarkus-run.jar");
    var generated = image.layerWith("deployments/quarkus/generated-bytecode.jar");
    var app = image.layerWith("deployments/app");
    assertThat(List.of(base, lib, launcher, generated, app)).doesNotHaveDuplicates();
    assertThat(base.entries()).containsKey("etc/ssl/certs/java/cacerts");
    assertThat(app.entries().keySet())
        .anyMatch(path -> path.matches("deployments/app/rgmanager-operator-.*\\.jar"));
    assertThat(lib.entries().keySet())
        .anyMatch(path -> path.startsWith("deployments/lib/main/io.quarkiverse.operatorsdk."));
  }

  @Test
  void everyLayerHasTheDigestItsManifestNames() {
    assertThat(image.layers)
        .allSatisfy(layer -> assertThat(layer.actualDigest()).isEqualTo(layer.digest()));
  }

  @Test
  void theApplicationIsRootsAndNotWritableByItsUser() {
    for (String layerOf :
        List.of("deployments/lib/boot", "deployments/quarkus-run.jar", "deployments/app")) {
      assertThat(image.layerWith(layerOf).entries().values())
          .allSatisfy(
              entry -> {
                assertThat(entry.uid()).as(entry.path()).isZero();
                assertThat(entry.mode() & 0022).as(entry.path()).isZero();
              });
    }
  }
}
