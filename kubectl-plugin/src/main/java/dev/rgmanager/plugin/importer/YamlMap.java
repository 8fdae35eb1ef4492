package dev.rgmanager.plugin.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An ordered YAML mapping whose keys may carry comment lines, written above the key. */
final class YamlMap {
  private final Map<String, Object> entries = new LinkedHashMap<>();
  private final Map<String, List<String>> comments = new LinkedHashMap<>();

  /** Sets a value: a String, Number, Boolean, YamlMap or List of those. */
  YamlMap put(String key, Object value) {
    entries.put(key, value);
    return this;
  }

  /** Adds a comment line above {@code key} (the key need not be set yet). */
  YamlMap comment(String key, String line) {
    comments.computeIfAbsent(key, k -> new ArrayList<>()).add(line);
    return this;
  }

  /** The map under {@code key}, created empty when absent. */
  YamlMap map(String key) {
    return (YamlMap) entries.computeIfAbsent(key, k -> new YamlMap());
  }

  /** The list under {@code key}, created empty when absent. */
  @SuppressWarnings("unchecked")
  List<Object> list(String key) {
    return (List<Object>) entries.computeIfAbsent(key, k -> new ArrayList<>());
  }

  Object get(String key) {
    return entries.get(key);
  }

  Object remove(String key) {
    return entries.remove(key);
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  Map<String, Object> entries() {
    return entries;
  }

  List<String> commentsOf(String key) {
    return comments.getOrDefault(key, List.of());
  }
}
