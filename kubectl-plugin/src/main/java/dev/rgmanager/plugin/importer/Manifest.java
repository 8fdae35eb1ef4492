package dev.rgmanager.plugin.importer;

import java.util.ArrayList;
import java.util.List;

/** One output document: header comment lines (origin and what was not mapped) and the object. */
final class Manifest {
  private final List<String> header = new ArrayList<>();
  private final YamlMap object = new YamlMap();

  Manifest(String apiVersion, String kind, String name, String namespace) {
    object.put("apiVersion", apiVersion).put("kind", kind);
    YamlMap metadata = object.map("metadata").put("name", name);
    if (namespace != null) {
      metadata.put("namespace", namespace);
    }
  }

  /** A header comment line above the document. */
  Manifest note(String line) {
    header.add(line);
    return this;
  }

  /** Reports what an element carried that the import did not map. */
  Manifest unmapped(Element element) {
    for (String attribute : element.unusedAttributes()) {
      header.add("NOT MAPPED: " + element.describe() + " " + attribute);
    }
    for (String child : element.unvisitedChildren()) {
      header.add("NOT MAPPED: " + child + " (inside " + element.describe() + ")");
    }
    return this;
  }

  YamlMap object() {
    return object;
  }

  YamlMap spec() {
    return object.map("spec");
  }

  String render() {
    return YamlWriter.document(header, object);
  }
}
