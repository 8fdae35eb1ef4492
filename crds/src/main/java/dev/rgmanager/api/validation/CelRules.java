package dev.rgmanager.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CRDs' {@code x-kubernetes-validations}, evaluated with Google's CEL-Java at every node that
 * carries them, with the Kubernetes string library functions our rules use.
 */
final class CelRules {
  private final Cel cel =
      CelFactory.standardCelBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addCompilerLibraries(CelExtensions.strings())
          .addRuntimeLibraries(CelExtensions.strings())
          .addVar("self", SimpleType.DYN)
          .build();

  private final Map<String, CelRuntime.Program> programs = new ConcurrentHashMap<>();

  /**
   * Evaluates every rule under {@code schema} against {@code value}; nodes at or above a path in
   * {@code dirty} are skipped, as their structural errors already explain the refusal.
   */
  void evaluate(
      JsonNode value, JsonNode schema, String path, Set<String> dirty, List<FieldError> errors) {
    if (value == null || value.isNull()) {
      return;
    }
    if (value.isObject()) {
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.path("additionalProperties");
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (properties.has(field.getKey())) {
          evaluate(
              field.getValue(),
              properties.get(field.getKey()),
              StructuralValidator.join(path, field.getKey()),
              dirty,
              errors);
        } else if (additional.isObject()) {
          evaluate(
              field.getValue(),
              additional,
              StructuralValidator.join(path, field.getKey()),
              dirty,
              errors);
        }
      }
    } else if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        evaluate(value.get(i), schema.get("items"), path + "[" + i + "]", dirty, errors);
      }
    }
    if (isDirty(path, dirty)) {
      return;
    }
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      check(value, rule, path, errors);
    }
  }

  private void check(JsonNode value, JsonNode rule, String path, List<FieldError> errors) {
    String expression = rule.path("rule").asText();
    String field = path + rule.path("fieldPath").asText("");
    String shown = StructuralValidator.quote(JsonTypes.name(value));
    String message = rule.path("message").asText("failed rule: " + expression);
    try {
      Object result = program(expression).eval(Map.of("self", JsonTypes.toCel(value)));
      if (!Boolean.TRUE.equals(result)) {
        errors.add(FieldError.invalid(field, shown, message));
      }
    } catch (CelEvaluationException e) {
      // The API server reports a rule it cannot evaluate as a refusal too, never as a pass.
      errors.add(
          FieldError.invalid(
              field, shown, message + " (rule evaluation error: " + e.getMessage() + ")"));
    }
  }

  /** Compiles every rule under a schema, failing on the first that does not; returns the count. */
  int compileAll(JsonNode schema) {
    int count = 0;
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      program(rule.path("rule").asText());
      count++;
    }
    for (JsonNode child : schema.path("properties")) {
      count += compileAll(child);
    }
    if (schema.path("items").isObject()) {
      count += compileAll(schema.get("items"));
    }
    if (schema.path("additionalProperties").isObject()) {
      count += compileAll(schema.get("additionalProperties"));
    }
    return count;
  }

  private CelRuntime.Program program(String expression) {
    return programs.computeIfAbsent(expression, this::compile);
  }

  private CelRuntime.Program compile(String expression) {
    try {
      CelAbstractSyntaxTree ast = cel.compile(expression).getAst();
      return cel.createProgram(ast);
    } catch (CelValidationException | CelEvaluationException e) {
      throw new IllegalStateException("CRD rule does not compile: " + expression, e);
    }
  }

  private static boolean isDirty(String path, Set<String> dirty) {
    if (path.isEmpty()) {
      return !dirty.isEmpty();
    }
    return dirty.stream()
        .anyMatch(e -> e.equals(path) || e.startsWith(path + ".") || e.startsWith(path + "["));
  }
}
