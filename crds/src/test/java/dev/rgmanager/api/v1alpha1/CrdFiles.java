package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Generates the CRD YAML of every kind from the Java API types, as committed under crds/. */
final class CrdFiles {
  static final List<Class<? extends CustomResource<?, ?>>> KINDS =
      List.of(HACluster.class, FenceDevice.class, FailoverDomain.class, ClusterService.class);

  static final String HEADER =
      "# Generated from crds/src/main/java by CrdFilesTest. Do not edit by hand:\n"
          + "# regenerate with ./mvnw -pl crds test -Dcrds.update=true\n";

  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

  private CrdFiles() {}

  /** The repository's crds/ directory, from the build's working directory or system property. */
  static Path crdsDir() {
    String root = System.getProperty("rgm.repo.root");
    Path base = root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
    return base.resolve("crds");
  }

  /** File name of one kind's CRD, e.g. clusterservices.rgmanager.dev.yaml. */
  static String fileName(Class<? extends CustomResource<?, ?>> kind) {
    return CustomResource.getCRDName(kind) + ".yaml";
  }

  /** Generates every CRD and returns file name to YAML text. */
  static Map<String, String> generate(Path workDir) {
    try {
      Files.createDirectories(workDir);
      CRDGenerator generator =
          new CRDGenerator().inOutputDir(workDir.toFile()).forCRDVersions("v1");
      KINDS.forEach(generator::customResourceClasses);
      generator.generate();
      Map<String, String> out = new LinkedHashMap<>();
      for (var kind : KINDS) {
        String crdName = CustomResource.getCRDName(kind);
        Path generated = workDir.resolve(crdName + "-v1.yml");
        JsonNode crd = polish(YAML.readTree(generated.toFile()), kind);
        out.put(fileName(kind), HEADER + YAML.writeValueAsString(crd));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Finishes what the generator leaves undone: descriptions of the top-level spec and status,
   * printer columns in the declared order, each rule once (record components carry their
   * annotations on both field and accessor), and no additionalProperties beside preserved fields.
   */
  private static JsonNode polish(JsonNode crd, Class<?> kind) {
    for (JsonNode version : crd.path("spec").path("versions")) {
      JsonNode root = version.path("schema").path("openAPIV3Schema");
      describe(
          root.path("properties").path("spec"), "Desired state, written by the administrator.");
      describe(root.path("properties").path("status"), "Observed state, written by the operator.");
      if (root instanceof ObjectNode rootObject) {
        rootObject.put("description", descriptionOf(kind.getSimpleName()));
      }
      if (kind == ClusterService.class && root instanceof ObjectNode rootObject) {
        restrictName(rootObject);
      }
      if (kind == HACluster.class) {
        keepFormerName(
            root.at("/properties/status/properties/members/items/properties"),
            "lastHeartbeat",
            "heartbeatAtTransition");
      }
      tidy(root);
      keyLists(root.path("properties").path("spec").path("properties"));
      if (version instanceof ObjectNode v
          && v.get("additionalPrinterColumns") instanceof ArrayNode cols) {
        v.set("additionalPrinterColumns", declaredOrder(cols, kind));
      }
    }
    return crd;
  }

  /**
   * A ClusterService's name is a label value on everything the operator makes for it, so the CRD
   * restricts metadata.name (the one part of metadata a CRD schema may restrict).
   */
  private static void restrictName(ObjectNode root) {
    ObjectNode metadata = ((ObjectNode) root.path("properties")).putObject("metadata");
    metadata.put("type", "object");
    ObjectNode name = metadata.putObject("properties").putObject("name");
    name.put("type", "string");
    ObjectNode rule = name.putArray("x-kubernetes-validations").addObject();
    rule.put("message", AdmissionRules.SERVICE_NAME_MESSAGE);
    rule.put("rule", AdmissionRules.LABEL_VALUE_LENGTH);
  }

  /**
   * Keeps a renamed field's former name in the schema, so that the API server does not prune it
   * from objects written before the rename and the Java type can still read it (its {@code
   * JsonAlias}). The operator writes only the new name; a server-side apply then drops the old.
   */
  private static void keepFormerName(JsonNode properties, String former, String current) {
    if (properties instanceof ObjectNode props && props.get(current) instanceof ObjectNode now) {
      ObjectNode old = props.objectNode();
      old.put(
          "description",
          "Deprecated: the former name of "
              + current
              + ", read from objects written before the rename and no longer written.");
      old.put("type", now.path("type").asText());
      props.set(former, old);
      List<String> names = new ArrayList<>();
      props.fieldNames().forEachRemaining(names::add);
      Map<String, JsonNode> sorted = new LinkedHashMap<>();
      names.stream().sorted().forEach(n -> sorted.put(n, props.get(n)));
      props.removeAll();
      props.setAll(sorted);
    }
  }

  private static ArrayNode declaredOrder(ArrayNode columns, Class<?> kind) {
    List<String> order =
        Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    List<JsonNode> sorted = new ArrayList<>();
    columns.forEach(sorted::add);
    sorted.sort(Comparator.comparingInt(c -> order.indexOf(c.path("name").asText())));
    ArrayNode out = columns.arrayNode();
    sorted.forEach(out::add);
    return out;
  }

  /** Spec lists whose items are keyed: the API server itself refuses duplicate keys. */
  private static final Map<String, String> LIST_MAP_KEYS =
      Map.of(
          "nodes", "name",
          "fenceMethods", "name",
          "members", "node",
          "resources", "name",
          "children", "name");

  /**
   * Declares the parts of a pod template that the CEL rules read (spec.containers and
   * spec.terminationGracePeriodSeconds), so the API server can compile them; everything else stays
   * preserved as written.
   */
  private static void describeTemplate(ObjectNode template) {
    ObjectNode props = template.putObject("properties");
    ObjectNode meta = props.putObject("metadata");
    meta.put("type", "object");
    meta.put("x-kubernetes-preserve-unknown-fields", true);
    ObjectNode spec = props.putObject("spec");
    spec.put("type", "object");
    spec.put("x-kubernetes-preserve-unknown-fields", true);
    ObjectNode specProps = spec.putObject("properties");
    ObjectNode grace = specProps.putObject("terminationGracePeriodSeconds");
    grace.put("type", "integer");
    grace.put("minimum", 0);
    ObjectNode containers = specProps.putObject("containers");
    containers.put("type", "array");
    containers.put("maxItems", 32);
    ObjectNode item = containers.putObject("items");
    item.put("type", "object");
    item.put("x-kubernetes-preserve-unknown-fields", true);
  }

  private static void keyLists(JsonNode properties) {
    properties
        .fields()
        .forEachRemaining(
            e -> {
              if ("template".equals(e.getKey())
                  && e.getValue() instanceof ObjectNode t
                  && t.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
                describeTemplate(t);
              }
              if ("parameters".equals(e.getKey())
                  && e.getValue().path("additionalProperties") instanceof ObjectNode value
                  && "string".equals(value.path("type").asText())) {
                // Bounds the values so the API server can price the rules that read them.
                value.put("maxLength", AdmissionRules.PARAMETER_VALUE_MAX_LENGTH);
              }
              String key = LIST_MAP_KEYS.get(e.getKey());
              JsonNode schema = e.getValue();
              if (key != null
                  && schema instanceof ObjectNode list
                  && "array".equals(list.path("type").asText())
                  && list.path("items").path("properties").has(key)) {
                list.put("x-kubernetes-list-type", "map");
                list.putArray("x-kubernetes-list-map-keys").add(key);
              }
              keyLists(schema.path("properties"));
              keyLists(schema.path("items").path("properties"));
            });
  }

  private static void tidy(JsonNode node) {
    if (node instanceof ObjectNode object) {
      if (object.get("x-kubernetes-validations") instanceof ArrayNode rules) {
        Set<JsonNode> seen = new LinkedHashSet<>();
        rules.forEach(seen::add);
        ArrayNode unique = rules.arrayNode();
        seen.forEach(unique::add);
        object.set("x-kubernetes-validations", unique);
      }
      if (object.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
        object.remove("additionalProperties");
      }
      object.forEach(CrdFiles::tidy);
    } else if (node instanceof ArrayNode array) {
      array.forEach(CrdFiles::tidy);
    }
  }

  private static void describe(JsonNode node, String description) {
    if (node instanceof ObjectNode object && !object.has("description")) {
      object.put("description", description);
    }
  }

  private static String descriptionOf(String kind) {
    return switch (kind) {
      case "HACluster" -> "The cluster: members, votes and quorum, membership timing and fencing.";
      case "FenceDevice" ->
          "A fence device: an agent, how to reach it, and its credentials Secret.";
      case "FailoverDomain" -> "A failover domain: where services may run and in which preference.";
      case "ClusterService" ->
          "A cluster service: a resource tree that runs on one node at a time.";
      default -> kind;
    };
  }

  /** The committed CRD files, file name to text. */
  static Map<String, String> committed() {
    Map<String, String> out = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(crdsDir())) {
      for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        out.put(p.getFileName().toString(), Files.readString(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
