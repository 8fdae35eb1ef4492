package dev.rgmanager.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The image reference the Helm chart pulls by default: values.yaml's repository and tag, else
 * appVersion.
 */
final class ChartImage {

  private ChartImage() {}

  static String defaultReference(Path repoRoot) throws IOException {
    Path chart = repoRoot.resolve("helm/rgmanager-operator");
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode image = yaml.readTree(chart.resolve("values.yaml").toFile()).path("image");
    String tag = image.path("tag").asText("");
    if (tag.isEmpty()) {
      tag = yaml.readTree(chart.resolve("Chart.yaml").toFile()).path("appVersion").asText();
    }
    return image.path("repository").asText() + ":" + tag;
  }
}
