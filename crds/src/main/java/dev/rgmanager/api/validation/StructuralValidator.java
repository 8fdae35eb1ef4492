package dev.rgmanager.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The OpenAPI v3 checks of a structural CRD schema (type, enum, required, bounds, lengths, item
 * counts, pattern, unknown fields), worded like the API server's field errors.
 */
final class StructuralValidator {
  private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

  /**
   * Checks one value against its schema, adding errors; returns whether the subtree is clean (CEL
   * rules only run on clean subtrees, so their messages are not drowned by type noise).
   */
  boolean validate(JsonNode value, JsonNode schema, String path, List<FieldError> errors) {
    int before = errors.size();
    if (!checkType(value, schema, path, errors)) {
      return false;
    }
    checkEnum(value, schema, path, errors);
    if (value.isNumber()) {
      checkBounds(value, schema, path, errors);
    } else if (value.isTextual()) {
      checkString(value.asText(), schema, path, errors);
    } else if (value.isArray()) {
      checkArray(value, schema, path, errors);
    } else if (value.isObject()) {
      checkObject(value, schema, path, errors);
    }
    return errors.size() == before;
  }

  private boolean checkType(JsonNode value, JsonNode schema, String path, List<FieldError> errors) {
    String type = schema.path("type").asText("");
    if (type.isEmpty() || matchesType(value, type)) {
      return true;
    }
    String actual = JsonTypes.name(value);
    errors.add(
        FieldError.invalid(
            path, quote(actual), path + " in body must be of type " + type + ": " + quote(actual)));
    return false;
  }

  private static boolean matchesType(JsonNode value, String type) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "boolean" -> value.isBoolean();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      default -> true;
    };
  }

  private static void checkEnum(
      JsonNode value, JsonNode schema, String path, List<FieldError> errors) {
    JsonNode allowed = schema.get("enum");
    if (allowed == null) {
      return;
    }
    for (JsonNode candidate : allowed) {
      if (candidate.equals(value)) {
        return;
      }
    }
    List<String> supported = new ArrayList<>();
    allowed.forEach(a -> supported.add(show(a)));
    errors.add(
        new FieldError(
            path,
            "Unsupported value: "
                + show(value)
                + ": supported values: "
                + String.join(", ", supported)));
  }

  private static void checkBounds(
      JsonNode value, JsonNode schema, String path, List<FieldError> errors) {
    BigDecimal number = value.decimalValue();
    if (schema.has("maximum") && number.compareTo(schema.get("maximum").decimalValue()) > 0) {
      errors.add(
          FieldError.invalid(
              path,
              show(value),
              path + " in body should be less than or equal to " + bound(schema.get("maximum"))));
    }
    if (schema.has("minimum") && number.compareTo(schema.get("minimum").decimalValue()) < 0) {
      errors.add(
          FieldError.invalid(
              path,
              show(value),
              path
                  + " in body should be greater than or equal to "
                  + bound(schema.get("minimum"))));
    }
  }

  private void checkString(String text, JsonNode schema, String path, List<FieldError> errors) {
    int length = text.codePointCount(0, text.length());
    if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
      errors.add(
          new FieldError(
              path,
              "Too long: may not be more than " + schema.get("maxLength").asInt() + " bytes"));
    }
    if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
      errors.add(
          FieldError.invalid(
              path,
              quote(text),
              path
                  + " in body should be at least "
                  + schema.get("minLength").asInt()
                  + " chars long"));
    }
    if (schema.has("pattern")) {
      String regex = schema.get("pattern").asText();
      if (!patterns.computeIfAbsent(regex, Pattern::compile).matcher(text).find()) {
        errors.add(
            FieldError.invalid(path, quote(text), path + " in body should match '" + regex + "'"));
      }
    }
  }

  private void checkArray(JsonNode array, JsonNode schema, String path, List<FieldError> errors) {
    int size = array.size();
    if (schema.has("maxItems") && size > schema.get("maxItems").asInt()) {
      errors.add(
          new FieldError(
              path,
              "Too many: "
                  + size
                  + ": must have at most "
                  + schema.get("maxItems").asInt()
                  + " items"));
    }
    if (schema.has("minItems") && size < schema.get("minItems").asInt()) {
      errors.add(
          FieldError.invalid(
              path,
              String.valueOf(size),
              path + " in body should have at least " + schema.get("minItems").asInt() + " items"));
    }
    ListTypes.check(array, schema, path, errors);
    JsonNode items = schema.get("items");
    if (items != null) {
      for (int i = 0; i < size; i++) {
        validate(array.get(i), items, path + "[" + i + "]", errors);
      }
    }
  }

  private void checkObject(JsonNode object, JsonNode schema, String path, List<FieldError> errors) {
    for (JsonNode required : schema.path("required")) {
      if (!object.has(required.asText())) {
        errors.add(FieldError.required(join(path, required.asText())));
      }
    }
    int count = object.size();
    if (schema.has("maxProperties") && count > schema.get("maxProperties").asInt()) {
      // The API server words too many properties like too many items.
      errors.add(
          new FieldError(
              path,
              "Too many: "
                  + count
                  + ": must have at most "
                  + schema.get("maxProperties").asInt()
                  + " items"));
    }
    if (schema.has("minProperties") && count < schema.get("minProperties").asInt()) {
      errors.add(
          FieldError.invalid(
              path,
              String.valueOf(count),
              path
                  + " in body should have at least "
                  + schema.get("minProperties").asInt()
                  + " properties"));
    }
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.get("additionalProperties");
    boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      if (properties.has(name)) {
        validate(field.getValue(), properties.get(name), join(path, name), errors);
      } else if (additional != null && additional.isObject()) {
        // The API server names a map entry like a property: spec.parameters.ip.
        validate(field.getValue(), additional, join(path, name), errors);
      } else if (!preserveUnknown) {
        // Strict field validation (kubectl's default since 1.27) refuses what pruning would drop.
        String unknown = join(path, name);
        errors.add(new FieldError(unknown, "unknown field \"" + unknown + "\""));
      }
    }
  }

  static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String bound(JsonNode bound) {
    return bound.decimalValue().stripTrailingZeros().toPlainString();
  }

  /** A value the way Go's %q / %v show it in a field error. */
  static String show(JsonNode value) {
    return value.isTextual() ? quote(value.asText()) : value.toString();
  }

  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
