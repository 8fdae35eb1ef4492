package dev.rgmanager.operator.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Reads and writes the nested maps of a KubeVirt object held as a GenericKubernetesResource. */
final class Unstructured {
  private Unstructured() {}

  /** The map at {@code path} under the object's top level (spec, status...), or an empty one. */
  static Map<String, Object> map(GenericKubernetesResource r, String... path) {
    Object at = r.getAdditionalProperties();
    for (String key : path) {
      at = at instanceof Map<?, ?> m ? m.get(key) : null;
    }
    return at instanceof Map<?, ?> m ? cast(m) : Map.of();
  }

  /** The string at {@code path}, or null. */
  static String string(GenericKubernetesResource r, String... path) {
    Object v = value(r, path);
    return v == null ? null : v.toString();
  }

  static Object value(GenericKubernetesResource r, String... path) {
    Map<String, Object> parent = map(r, java.util.Arrays.copyOf(path, path.length - 1));
    return parent.get(path[path.length - 1]);
  }

  /** The string map at {@code path} (a nodeSelector, labels...), or an empty one. */
  static Map<String, String> strings(GenericKubernetesResource r, String... path) {
    Map<String, String> out = new LinkedHashMap<>();
    map(r, path).forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }

  /** The list of maps at {@code path}, or an empty one. */
  static List<Map<String, Object>> maps(GenericKubernetesResource r, String... path) {
    Object v = value(r, path);
    List<Map<String, Object>> out = new ArrayList<>();
    if (v instanceof List<?> l) {
      l.forEach(x -> out.add(x instanceof Map<?, ?> m ? cast(m) : Map.of()));
    }
    return out;
  }

  /** The mutable map at {@code path}, made (and linked in) where missing. */
  static Map<String, Object> mutable(GenericKubernetesResource r, String... path) {
    Map<String, Object> at = r.getAdditionalProperties();
    for (String key : path) {
      Object next = at.get(key);
      if (!(next instanceof Map<?, ?>)) {
        next = new LinkedHashMap<String, Object>();
        at.put(key, next);
      }
      at = cast((Map<?, ?>) next);
    }
    return at;
  }

  /**
   * Sets the condition {@code type} in a conditions list (a status map's "conditions"), keeping its
   * lastTransitionTime while its status is unchanged.
   */
  static void condition(
      Map<String, Object> status, String type, String value, String reason, String message) {
    List<Map<String, Object>> conditions = conditions(status);
    Map<String, Object> old =
        conditions.stream().filter(c -> type.equals(c.get("type"))).findFirst().orElse(null);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", type);
    c.put("status", value);
    // no nulls but lastProbeTime's (nullable): the API server prunes a null of any other field,
    // and the simulation would then write it again on every event
    if (reason != null) {
      c.put("reason", reason);
    }
    if (message != null) {
      c.put("message", message);
    }
    c.put("lastProbeTime", null);
    c.put(
        "lastTransitionTime",
        old != null && value.equals(old.get("status")) ? old.get("lastTransitionTime") : now());
    if (old != null && sameExceptProbe(old, c)) {
      return;
    }
    conditions.removeIf(x -> type.equals(x.get("type")));
    conditions.add(c);
    status.put("conditions", conditions);
  }

  /** Removes the condition {@code type}, if there is one. */
  static void removeCondition(Map<String, Object> status, String type) {
    List<Map<String, Object>> conditions = conditions(status);
    if (conditions.removeIf(x -> type.equals(x.get("type")))) {
      status.put("conditions", conditions);
    }
  }

  /** Sets status.phase, adding its phaseTransitionTimestamp when the phase changes. */
  static void phase(Map<String, Object> status, String phase) {
    if (phase.equals(status.get("phase"))) {
      return;
    }
    status.put("phase", phase);
    List<Object> stamps = new ArrayList<>();
    if (status.get("phaseTransitionTimestamps") instanceof List<?> l) {
      stamps.addAll(l);
    }
    stamps.add(Map.of("phase", phase, "phaseTransitionTimestamp", now()));
    status.put("phaseTransitionTimestamps", stamps);
  }

  /** The API server's time format, to the second. */
  static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static List<Map<String, Object>> conditions(Map<String, Object> status) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (status.get("conditions") instanceof List<?> l) {
      l.forEach(x -> out.add(cast((Map<?, ?>) x)));
    }
    return out;
  }

  private static boolean sameExceptProbe(Map<String, Object> a, Map<String, Object> b) {
    return Objects.equals(a.get("status"), b.get("status"))
        && Objects.equals(a.get("reason"), b.get("reason"))
        && Objects.equals(a.get("message"), b.get("message"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }
}
