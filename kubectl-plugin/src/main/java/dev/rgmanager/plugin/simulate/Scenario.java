package dev.rgmanager.plugin.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.FailoverDomain;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.validation.ManifestError;
import dev.rgmanager.api.validation.ManifestValidator;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The inputs of a simulation: the manifests a user applies, and the events file. */
record Scenario(
    HACluster cluster,
    List<FailoverDomain> domains,
    List<ClusterService> services,
    List<String> online,
    List<JsonNode> steps) {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ManifestValidator VALIDATOR = ManifestValidator.create();

  static Scenario load(List<Path> manifests, Path events) throws IOException, SimulationException {
    HACluster cluster = null;
    List<FailoverDomain> domains = new ArrayList<>();
    List<ClusterService> services = new ArrayList<>();
    for (Path file : manifests) {
      // The manifests are judged as admission would first, so a bad value is named by its field.
      List<ManifestError> refused = VALIDATOR.validate(file);
      if (!refused.isEmpty()) {
        throw new SimulationException(
            refused.get(0)
                + (refused.size() > 1
                    ? " (and "
                        + (refused.size() - 1)
                        + " more: see kubectl cluster-status validate)"
                    : ""));
      }
      int index = 0;
      try (var parser = new YAMLFactory().createParser(file.toFile())) {
        for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
          index++;
          if (doc == null || doc.isNull() || doc.isEmpty()) {
            continue;
          }
          String kind = doc.path("kind").asText();
          String where = file + " (document " + index + ", " + kind + ")";
          try {
            switch (kind) {
              case "HACluster" -> {
                if (cluster != null) {
                  throw new SimulationException(
                      where + ": a second HACluster; a simulation has one cluster");
                }
                cluster = Serialization.jsonMapper().treeToValue(doc, HACluster.class);
              }
              case "FailoverDomain" ->
                  domains.add(
                      withNamespace(
                          Serialization.jsonMapper().treeToValue(doc, FailoverDomain.class)));
              case "ClusterService" ->
                  services.add(
                      withNamespace(
                          Serialization.jsonMapper().treeToValue(doc, ClusterService.class)));
              default -> {}
            }
          } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SimulationException(where + ": " + e.getOriginalMessage());
          }
        }
      }
    }
    if (cluster == null) {
      throw new SimulationException(
          "no HACluster in " + manifests + ": the simulation needs its members");
    }
    if (cluster.getSpec().nodesOrEmpty().isEmpty()) {
      throw new SimulationException(
          "HACluster "
              + cluster.getMetadata().getName()
              + ": spec.nodes must name the members (a memberSelector cannot be resolved offline)");
    }
    JsonNode ev = YAML.readTree(events.toFile());
    if (ev == null || !ev.isObject()) {
      throw new SimulationException(events + ": expected a map with 'online' and 'steps'");
    }
    List<String> online = new ArrayList<>();
    ev.path("online").forEach(n -> online.add(n.asText()));
    if (!ev.has("online")) {
      throw new SimulationException(
          events + ": field 'online' (the members online when quorum forms) is required");
    }
    List<JsonNode> steps = new ArrayList<>();
    int i = 0;
    for (JsonNode step : ev.path("steps")) {
      i++;
      if (!step.isObject() || step.size() != 1) {
        throw new SimulationException(
            events + ": steps[" + (i - 1) + "] must be a map with exactly one key");
      }
      steps.add(step);
    }
    return new Scenario(cluster, domains, services, online, steps);
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T withNamespace(T o) {
    if (o.getMetadata().getNamespace() == null) {
      o.getMetadata().setNamespace("default");
    }
    return o;
  }
}
