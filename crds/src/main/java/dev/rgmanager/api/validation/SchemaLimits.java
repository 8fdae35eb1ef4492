package dev.rgmanager.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalInt;

/**
 * Item limits of the committed CRDs, for tools that write manifests (the cluster.conf import) and
 * must stay within them whatever the schema says today.
 */
public final class SchemaLimits {
  private static final CrdCatalog CATALOG = CrdCatalog.packaged();

  private SchemaLimits() {}

  /**
   * The {@code maxItems} of an array field of a kind, by a path of property names where {@code []}
   * steps into array items, for example {@code spec.resources[].children}.
   */
  public static OptionalInt maxItems(String kind, String path) {
    JsonNode schema = schemaOf(kind);
    for (String segment : path.split("\\.")) {
      boolean items = segment.endsWith("[]");
      String name = items ? segment.substring(0, segment.length() - 2) : segment;
      schema = schema.path("properties").path(name);
      if (items) {
        schema = schema.path("items");
      }
    }
    return schema.has("maxItems")
        ? OptionalInt.of(schema.get("maxItems").asInt())
        : OptionalInt.empty();
  }

  private static JsonNode schemaOf(String kind) {
    return CATALOG.kinds().stream()
        .filter(k -> k.kind().equals(kind))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no CRD of kind " + kind))
        .schema();
  }
}
