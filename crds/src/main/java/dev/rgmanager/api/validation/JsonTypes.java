package dev.rgmanager.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON values as the API server names them in errors and as CEL sees them. */
final class JsonTypes {
  private JsonTypes() {}

  /** The OpenAPI type name of a value: object, array, string, integer, number, boolean, null. */
  static String name(JsonNode value) {
    if (value.isObject()) {
      return "object";
    } else if (value.isArray()) {
      return "array";
    } else if (value.isTextual()) {
      return "string";
    } else if (value.isBoolean()) {
      return "boolean";
    } else if (value.isIntegralNumber()) {
      return "integer";
    } else if (value.isNumber()) {
      return "number";
    }
    return "null";
  }

  /** The CEL value of a JSON value: maps, lists, Long, Double, String, Boolean. */
  static Object toCel(JsonNode value) {
    if (value.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      value.fields().forEachRemaining(e -> map.put(e.getKey(), toCel(e.getValue())));
      return map;
    } else if (value.isArray()) {
      List<Object> list = new ArrayList<>();
      value.forEach(v -> list.add(toCel(v)));
      return list;
    } else if (value.isIntegralNumber()) {
      return value.asLong();
    } else if (value.isNumber()) {
      return value.asDouble();
    } else if (value.isBoolean()) {
      return value.asBoolean();
    }
    return value.asText();
  }
}
