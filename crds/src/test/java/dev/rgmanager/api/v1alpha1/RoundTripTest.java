package dev.rgmanager.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample of our kinds reads into the Java types and writes back without losing a field. */
class RoundTripTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Map<String, Class<?>> KINDS =
      Map.of(
          "HACluster", HACluster.class,
          "FenceDevice", FenceDevice.class,
          "FailoverDomain", FailoverDomain.class,
          "ClusterService", ClusterService.class);

  static Stream<Object[]> documents() throws IOException {
    Path samples = CrdFiles.crdsDir().getParent().resolve("config").resolve("samples");
    List<Object[]> docs = new ArrayList<>();
    try (Stream<Path> files = Files.walk(samples)) {
      for (Path file :
          files
              .filter(f -> f.toString().endsWith(".yaml"))
              .filter(f -> !f.toString().contains("simulations"))
              .sorted()
              .toList()) {
        try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
          for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
            if (KINDS.containsKey(doc.path("kind").asText())) {
              docs.add(
                  new Object[] {samples.relativize(file) + " " + doc.at("/metadata/name"), doc});
            }
          }
        }
      }
    }
    assertThat(docs).as("samples of our kinds").hasSizeGreaterThanOrEqualTo(10);
    return docs.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void sampleSurvivesJacksonRoundTrip(String name, JsonNode doc) throws IOException {
    Class<?> type = KINDS.get(doc.path("kind").asText());
    Object typed = Serialization.jsonMapper().treeToValue(doc, type);
    JsonNode back = Serialization.jsonMapper().valueToTree(typed);
    ((ObjectNode) back).remove("status");
    assertThat(back.get("spec")).isEqualTo(numbersAsInts(doc.get("spec")));
    assertThat(back.at("/metadata/name")).isEqualTo(doc.at("/metadata/name"));
  }

  private static JsonNode numbersAsInts(JsonNode node) throws IOException {
    // YAML reads small integers as IntNode already; a JSON round trip normalises anything else.
    return Serialization.jsonMapper().readTree(Serialization.jsonMapper().writeValueAsString(node));
  }
}
