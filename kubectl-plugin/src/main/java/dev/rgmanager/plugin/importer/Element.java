package dev.rgmanager.plugin.importer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.w3c.dom.Attr;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A cluster.conf element that remembers which attributes the import used, so the rest can be
 * reported instead of silently dropped.
 */
final class Element {
  private final org.w3c.dom.Element dom;
  private final Set<String> used = new LinkedHashSet<>();
  private final Set<String> visitedTags = new LinkedHashSet<>();
  private boolean allVisited;

  Element(org.w3c.dom.Element dom) {
    this.dom = dom;
  }

  String tag() {
    return dom.getTagName();
  }

  /** The attribute's value, marking it used. */
  Optional<String> attr(String name) {
    used.add(name);
    return dom.hasAttribute(name) ? Optional.of(dom.getAttribute(name).trim()) : Optional.empty();
  }

  /** The attribute's value ("" when absent) without marking it used. */
  String peek(String name) {
    return dom.getAttribute(name);
  }

  org.w3c.dom.Element dom() {
    return dom;
  }

  boolean has(String name) {
    return dom.hasAttribute(name);
  }

  /** A 0/1 (or yes/no, on/off, true/false) flag, marking it used. */
  Optional<Boolean> flag(String name) {
    return attr(name)
        .map(
            v ->
                v.equals("1")
                    || v.equalsIgnoreCase("yes")
                    || v.equalsIgnoreCase("on")
                    || v.equalsIgnoreCase("true"));
  }

  /** Marks attributes as consumed without reading them (for example passwords). */
  void consume(String... names) {
    used.addAll(List.of(names));
  }

  /** All child elements, each counted as handled. */
  List<Element> children() {
    allVisited = true;
    return elements();
  }

  private List<Element> elements() {
    List<Element> out = new ArrayList<>();
    NodeList nodes = dom.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof org.w3c.dom.Element child) {
        out.add(new Element(child));
      }
    }
    return out;
  }

  /** The child elements with this tag, counted as handled; other tags are reported. */
  List<Element> children(String tag) {
    visitedTags.add(tag);
    return elements().stream().filter(c -> c.tag().equals(tag)).toList();
  }

  /** Child elements the import never looked at, described. */
  List<String> unvisitedChildren() {
    if (allVisited) {
      return List.of();
    }
    return elements().stream()
        .filter(c -> !visitedTags.contains(c.tag()))
        .map(Element::describe)
        .toList();
  }

  Optional<Element> child(String tag) {
    return children(tag).stream().findFirst();
  }

  /** Attributes not used by the import, as {@code name="value"}; secret values shown as a mask. */
  List<String> unusedAttributes() {
    List<String> out = new ArrayList<>();
    NamedNodeMap attributes = dom.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      Node node = attributes.item(i);
      String name = ((Attr) node).getName();
      if (!used.contains(name)) {
        out.add(
            name
                + "="
                + (Names.isSecret(name) ? "(secret, not shown)" : quote(node.getNodeValue())));
      }
    }
    return out;
  }

  /** The element as a short description: tag and its naming attribute. */
  String describe() {
    for (String key : List.of("name", "ref", "address")) {
      if (dom.hasAttribute(key)) {
        return "<" + tag() + " " + key + "=" + quote(dom.getAttribute(key)) + ">";
      }
    }
    return "<" + tag() + ">";
  }

  private static String quote(String value) {
    return "\"" + value + "\"";
  }
}
