package dev.rgmanager.api.validation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Offline admission for our kinds: validates each document of a multi-document YAML text against
 * the committed CRD schema (OpenAPI checks, strict unknown-field checks, defaulting, then the CEL
 * rules), as the API server would on create. Documents of other API groups are left alone.
 */
public final class ManifestValidator {
  private final CrdCatalog catalog;
  private final StructuralValidator structural = new StructuralValidator();
  private final CelRules rules = new CelRules();
  private final ObjectMapper yaml;

  private ManifestValidator(CrdCatalog catalog) {
    this.catalog = catalog;
    YAMLFactory factory = new YAMLFactory();
    // The API server refuses duplicate keys instead of keeping the last one.
    factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    this.yaml = new ObjectMapper(factory);
  }

  /** A validator over the CRDs packaged with the API jar. */
  public static ManifestValidator create() {
    return new ManifestValidator(CrdCatalog.packaged());
  }

  /** Validates a file; its name appears in every error. */
  public List<ManifestError> validate(Path file) throws IOException {
    return validate(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
  }

  /** Validates every document of {@code text}; {@code source} names it in the errors. */
  public List<ManifestError> validate(String source, String text) {
    List<ManifestError> errors = new ArrayList<>();
    int index = 0;
    try (YAMLParser parser = (YAMLParser) yaml.getFactory().createParser(text);
        MappingIterator<JsonNode> docs = yaml.readValues(parser, JsonNode.class)) {
      while (docs.hasNextValue()) {
        JsonNode doc = docs.nextValue();
        index++;
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          validateDocument(source, index, doc, errors);
        }
      }
    } catch (JsonProcessingException e) {
      // The parser's own message may quote the offending line; keep only its first sentence.
      String reason = e.getOriginalMessage().lines().findFirst().orElse("malformed YAML");
      errors.add(
          new ManifestError(
              source, index + 1, "-", "", "error parsing YAML: " + reason + locationOf(e)));
    } catch (IOException e) {
      errors.add(new ManifestError(source, index + 1, "-", "", "cannot read: " + e.getMessage()));
    }
    return errors;
  }

  private void validateDocument(String source, int index, JsonNode doc, List<ManifestError> out) {
    String apiVersion = doc.path("apiVersion").asText("");
    String kindName = doc.path("kind").asText("");
    String resource =
        (kindName.isEmpty() ? "?" : kindName) + "/" + doc.at("/metadata/name").asText("?");
    if (!doc.isObject()) {
      out.add(new ManifestError(source, index, resource, "", "a manifest must be a YAML mapping"));
      return;
    }
    if (apiVersion.isEmpty() || kindName.isEmpty()) {
      String missing = apiVersion.isEmpty() ? "apiVersion" : "kind";
      out.add(new ManifestError(source, index, resource, missing, "Required value"));
      return;
    }
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = apiVersion.substring(slash + 1);
    if (!catalog.ownsGroup(group)) {
      return;
    }
    Optional<CrdCatalog.Kind> kind = catalog.find(group, kindName, version);
    if (kind.isEmpty()) {
      out.add(
          new ManifestError(
              source,
              index,
              resource,
              "kind",
              "no matches for kind \"" + kindName + "\" in version \"" + apiVersion + "\""));
      return;
    }
    List<FieldError> errors = validateObject((ObjectNode) doc, kind.get());
    for (FieldError error : errors) {
      out.add(new ManifestError(source, index, resource, error.field(), error.message()));
    }
  }

  private List<FieldError> validateObject(ObjectNode doc, CrdCatalog.Kind kind) {
    List<FieldError> errors = new ArrayList<>();
    ObjectNode body = doc.deepCopy();
    JsonNode metadata = body.remove("metadata");
    body.remove("apiVersion");
    body.remove("kind");
    if (kind.statusSubresource()) {
      // With a status subresource the API server drops status on create and update of the object:
      // an exported object (kubectl get -o yaml) is judged by its spec alone.
      body.remove("status");
    }
    ObjectMeta.validate(metadata, errors);
    JsonNode schema = kind.schema();
    if (schema.path("properties").has("metadata") && metadata instanceof ObjectNode meta) {
      // A CRD may restrict metadata.name and generateName; the rest of metadata is not its own.
      ObjectNode restricted = body.putObject("metadata");
      for (String field : new String[] {"name", "generateName"}) {
        if (meta.has(field)) {
          restricted.set(field, meta.get(field));
        }
      }
    }
    Defaulter.apply(body, schema);
    structural.validate(body, schema, "", errors);
    Set<String> dirty = new LinkedHashSet<>();
    errors.forEach(e -> dirty.add(e.field()));
    rules.evaluate(body, schema, "", dirty, errors);
    return errors;
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }
}
