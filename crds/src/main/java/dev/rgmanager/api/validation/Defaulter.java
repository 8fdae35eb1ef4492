package dev.rgmanager.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Structural defaulting as the API server does it before validation: nulls of non-nullable fields
 * are dropped and absent fields with a schema default get it, so CEL rules see what is stored.
 */
final class Defaulter {
  private Defaulter() {}

  static void apply(JsonNode value, JsonNode schema) {
    if (value instanceof ObjectNode object) {
      applyToObject(object, schema);
    } else if (value instanceof ArrayNode array && schema.has("items")) {
      for (JsonNode item : array) {
        apply(item, schema.get("items"));
      }
    }
  }

  private static void applyToObject(ObjectNode object, JsonNode schema) {
    JsonNode properties = schema.path("properties");
    dropNulls(object, properties);
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> property = it.next();
      JsonNode propertySchema = property.getValue();
      if (!object.has(property.getKey()) && propertySchema.has("default")) {
        object.set(property.getKey(), propertySchema.get("default").deepCopy());
      }
      if (object.has(property.getKey())) {
        apply(object.get(property.getKey()), propertySchema);
      }
    }
    JsonNode additional = schema.path("additionalProperties");
    if (additional.isObject()) {
      for (JsonNode entry : object) {
        apply(entry, additional);
      }
    }
  }

  private static void dropNulls(ObjectNode object, JsonNode properties) {
    List<String> nulls = new ArrayList<>();
    object
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode declared = properties.path(e.getKey());
              boolean nullable = declared.path("nullable").asBoolean(false);
              if (e.getValue().isNull() && !declared.isMissingNode() && !nullable) {
                nulls.add(e.getKey());
              }
            });
    nulls.forEach(object::remove);
  }
}
