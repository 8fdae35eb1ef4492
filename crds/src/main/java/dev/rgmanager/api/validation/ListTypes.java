package dev.rgmanager.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code x-kubernetes-list-type} set and map: items (or their keys) must be unique. Like the API
 * server, the second appearance of each repeated value is reported, once, as a Duplicate value.
 */
final class ListTypes {
  private ListTypes() {}

  static void check(JsonNode array, JsonNode schema, String path, List<FieldError> errors) {
    String type = schema.path("x-kubernetes-list-type").asText("atomic");
    if (type.equals("set")) {
      for (int i : secondAppearances(values(array))) {
        errors.add(duplicate(path, i, goValue(array.get(i))));
      }
    } else if (type.equals("map")) {
      checkMap(array, schema, path, errors);
    }
  }

  private static void checkMap(
      JsonNode array, JsonNode schema, String path, List<FieldError> errors) {
    for (int i = 0; i < array.size(); i++) {
      if (!array.get(i).isObject() && !array.get(i).isNull()) {
        errors.add(
            FieldError.invalid(
                path + "[" + i + "]",
                StructuralValidator.show(array.get(i)),
                "must be an object for an array of list-type map"));
        return;
      }
    }
    List<String> keyFields = new ArrayList<>();
    schema.path("x-kubernetes-list-map-keys").forEach(k -> keyFields.add(k.asText()));
    List<String> keys = new ArrayList<>();
    List<String> shown = new ArrayList<>();
    for (JsonNode item : array) {
      StringBuilder key = new StringBuilder();
      // Go prints a map's keys sorted.
      Map<String, String> entries = new TreeMap<>();
      for (String field : keyFields) {
        JsonNode value = item.get(field);
        if (value != null) {
          key.append(field).append('=').append(value).append('\u0000');
          entries.put(field, goValue(value));
        }
      }
      keys.add(key.toString());
      List<String> pairs = new ArrayList<>();
      entries.forEach((k, v) -> pairs.add(StructuralValidator.quote(k) + ":" + v));
      shown.add("map[string]interface {}{" + String.join(", ", pairs) + "}");
    }
    for (int i : secondAppearances(keys)) {
      errors.add(duplicate(path, i, shown.get(i)));
    }
  }

  private static List<String> values(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.toString()));
    return out;
  }

  /** Indices where a value appears for the second time. */
  private static List<Integer> secondAppearances(List<String> values) {
    Map<String, Integer> seen = new HashMap<>();
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      if (seen.merge(values.get(i), 1, Integer::sum) == 2) {
        out.add(i);
      }
    }
    return out;
  }

  private static FieldError duplicate(String path, int index, String shown) {
    return new FieldError(path + "[" + index + "]", "Duplicate value: " + shown);
  }

  /** A value as Go's %#v prints what JSON decoding produced (strings quoted, numbers bare). */
  private static String goValue(JsonNode value) {
    return value.isTextual() ? StructuralValidator.quote(value.asText()) : value.toString();
  }
}
