package dev.rgmanager.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rgmanager.operator.testing.Manifests;
import dev.rgmanager.operator.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The real API server admits every sample and refuses every invalid manifest with its message. */
@RealCluster
class ApiAdmissionIT {

  @Test
  void theCrdsAreEstablished(KubernetesClient client) {
    List<String> names =
        client.apiextensions().v1().customResourceDefinitions().list().getItems().stream()
            .map(CustomResourceDefinition::getMetadata)
            .map(m -> m.getName())
            .filter(n -> n.endsWith(".rgmanager.dev"))
            .toList();
    assertThat(names)
        .containsExactlyInAnyOrder(
            "haclusters.rgmanager.dev",
            "fencedevices.rgmanager.dev",
            "failoverdomains.rgmanager.dev",
            "clusterservices.rgmanager.dev");
  }

  static Stream<Path> samples() throws IOException {
    Path root = RepoPaths.root().resolve("config/samples");
    try (Stream<Path> walk = Files.walk(root)) {
      return walk
          .filter(p -> p.toString().endsWith(".yaml"))
          .filter(p -> !p.toString().contains("simulations"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void everySampleIsAccepted(Path sample, KubernetesClient client, TestNamespace ns)
      throws IOException {
    List<HasMetadata> objects =
        client.load(new ByteArrayInputStream(Files.readAllBytes(sample))).items();
    assertThat(objects).isNotEmpty();
    for (HasMetadata o : objects) {
      // Server-side dry run: full admission (schema, CEL, defaults) without keeping anything.
      if (o.getMetadata().getNamespace() == null && !"HACluster".equals(o.getKind())) {
        o.getMetadata().setNamespace(ns.name());
      }
      assertThat(client.resource(o).dryRun().create())
          .as("%s %s", o.getKind(), o.getMetadata().getName())
          .isNotNull();
    }
  }

  @Test
  void inputAtTheEdgeOfTheRulesIsAccepted(KubernetesClient client, TestNamespace ns)
      throws IOException {
    // Per-node plug, twoNode with a selector, grace period equal to stopTimeout, minimum durations
    // and 63-character names: the safety rules must not refuse any of it.
    Path edge =
        RepoPaths.root().resolve("crds/src/test/resources/admitted-manifests/near-the-limits.yaml");
    List<HasMetadata> objects =
        client.load(new ByteArrayInputStream(Files.readAllBytes(edge))).items();
    assertThat(objects).hasSize(3);
    for (HasMetadata o : objects) {
      if (!"HACluster".equals(o.getKind())) {
        o.getMetadata().setNamespace(ns.name());
      }
      assertThat(client.resource(o).dryRun().create())
          .as("%s %s", o.getKind(), o.getMetadata().getName())
          .isNotNull();
    }
  }

  static Stream<Path> invalidManifests() throws IOException {
    Path dir = RepoPaths.root().resolve("crds/src/test/resources/invalid-manifests");
    try (Stream<Path> list = Files.list(dir)) {
      List<Path> files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      assertThat(files).as("invalid manifests").hasSizeGreaterThanOrEqualTo(25);
      return new ArrayList<>(files).stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidManifests")
  void everyInvalidManifestIsRefusedWithItsMessage(
      Path file, KubernetesClient client, TestNamespace ns) throws IOException {
    String text = Files.readString(file);
    String expect = header(text, "# expect: ");
    String field = header(text, "# field: ");
    HasMetadata object =
        client.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).items().get(0);
    var op =
        "HACluster".equals(object.getKind())
            ? client.resource(object)
            : client.resource(object).inNamespace(ns.name());
    assertThatThrownBy(() -> op.dryRun().create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining(expect)
        .hasMessageContaining(field);
  }

  @Test
  void aNamespaceForFencingDevicesCanBeCreated(KubernetesClient client) {
    // The samples put FenceDevices in rgmanager-system; creating it twice must not fail the run.
    Manifests.systemNamespace(client);
    assertThat(client.namespaces().withName("rgmanager-system").get()).isNotNull();
  }

  private static String header(String text, String prefix) {
    return text.lines()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()).trim())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no '" + prefix + "' line"));
  }
}
