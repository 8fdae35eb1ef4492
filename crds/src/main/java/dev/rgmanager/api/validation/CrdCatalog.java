package dev.rgmanager.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The committed CRDs (packaged in the jar), indexed by group and kind. */
final class CrdCatalog {
  /** Where crds/pom.xml packages the committed CRD YAML. */
  private static final String LOCATION = "/dev/rgmanager/api/crds/";

  private static final List<String> FILES =
      List.of(
          "haclusters.rgmanager.dev.yaml",
          "fencedevices.rgmanager.dev.yaml",
          "failoverdomains.rgmanager.dev.yaml",
          "clusterservices.rgmanager.dev.yaml");

  /** One served version of a kind: its schema and whether objects live in a namespace. */
  record Kind(
      String group,
      String kind,
      String version,
      boolean namespaced,
      boolean statusSubresource,
      JsonNode schema) {}

  private final Map<String, Kind> kinds = new LinkedHashMap<>();

  private CrdCatalog() {}

  /** Loads the CRDs packaged with this jar. */
  static CrdCatalog packaged() {
    CrdCatalog catalog = new CrdCatalog();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    for (String file : FILES) {
      try (InputStream in = CrdCatalog.class.getResourceAsStream(LOCATION + file)) {
        if (in == null) {
          throw new IllegalStateException("CRD " + file + " is missing from the classpath");
        }
        catalog.add(yaml.readTree(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read CRD " + file, e);
      }
    }
    return catalog;
  }

  private void add(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    String group = spec.path("group").asText();
    String kind = spec.path("names").path("kind").asText();
    boolean namespaced = "Namespaced".equals(spec.path("scope").asText());
    for (JsonNode version : spec.path("versions")) {
      if (version.path("served").asBoolean(false)) {
        String name = version.path("name").asText();
        JsonNode schema = version.path("schema").path("openAPIV3Schema");
        boolean status = version.path("subresources").has("status");
        kinds.put(key(group, kind, name), new Kind(group, kind, name, namespaced, status, schema));
      }
    }
  }

  /** The served version of a kind, if the catalog has it. */
  Optional<Kind> find(String group, String kind, String version) {
    return Optional.ofNullable(kinds.get(key(group, kind, version)));
  }

  /** Every served kind. */
  Collection<Kind> kinds() {
    return kinds.values();
  }

  /** Whether the group is one of ours (its documents must then match a served kind). */
  boolean ownsGroup(String group) {
    return kinds.values().stream().anyMatch(k -> k.group().equals(group));
  }

  private static String key(String group, String kind, String version) {
    return group + "/" + version + "/" + kind;
  }
}
