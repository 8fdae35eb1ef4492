package dev.rgmanager.plugin.importer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A resource in a service tree: the element inside the service, and the global {@code <resources>}
 * entry it references with {@code ref}, if any. Inline attributes win.
 */
final class ResourceRef {
  final Element inline;
  final Optional<Element> global;

  ResourceRef(Element inline, Optional<Element> global) {
    this.inline = inline;
    this.global = global;
    inline.consume("ref");
  }

  String tag() {
    return inline.tag();
  }

  Optional<String> attr(String name) {
    Optional<String> own = inline.attr(name);
    Optional<String> shared = global.flatMap(g -> g.attr(name));
    return own.isPresent() ? own : shared;
  }

  Optional<Boolean> flag(String name) {
    Optional<Boolean> own = inline.flag(name);
    Optional<Boolean> shared = global.flatMap(g -> g.flag(name));
    return own.isPresent() ? own : shared;
  }

  void consume(String... names) {
    inline.consume(names);
    global.ifPresent(g -> g.consume(names));
  }

  /** The resource's name in cluster.conf: name, or the address of an ip. */
  String name() {
    return attr("name").or(() -> attr("address")).or(() -> inline.attr("ref")).orElse(tag());
  }

  /** Unused attributes of both elements, each reported once. */
  List<String> unusedAttributes() {
    Set<String> out = new LinkedHashSet<>(inline.unusedAttributes());
    global.ifPresent(g -> out.addAll(g.unusedAttributes()));
    return new ArrayList<>(out);
  }

  String describe() {
    return inline.describe();
  }
}
