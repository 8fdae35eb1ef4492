package dev.rgmanager.plugin.importer;

import dev.rgmanager.api.validation.SchemaLimits;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code <service>} and {@code <vm>} to ClusterServices, with their resource trees. */
final class ServiceImport {
  /** The API's tree depth: a service's resources, their children, and theirs. */
  private static final int MAX_DEPTH = 3;

  private static final Set<String> RECOVERY =
      Set.of("restart", "relocate", "disable", "restart-disable");

  private static final Set<String> DEPEND_MODES = Set.of("hard", "soft");

  private final ImportContext context;
  private final VmImport vms;
  private final Map<String, Map<String, org.w3c.dom.Element>> globals = new LinkedHashMap<>();
  private final Set<org.w3c.dom.Element> referenced = new HashSet<>();

  ServiceImport(ImportContext context, List<Element> globalResources) {
    this.context = context;
    this.vms = new VmImport(context.namespace);
    for (Element resource : globalResources) {
      String key = resource.tag().equals("ip") ? "address" : "name";
      resource
          .attr(key)
          .ifPresent(
              k ->
                  globals
                      .computeIfAbsent(resource.tag(), t -> new LinkedHashMap<>())
                      .put(k, resource.dom()));
    }
  }

  List<Manifest> convert(List<Element> services) {
    List<Manifest> out = new ArrayList<>();
    for (Element service : services) {
      out.add(service.tag().equals("vm") ? vm(service) : service(service));
    }
    return out;
  }

  private Manifest service(Element service) {
    Manifest manifest = header(service);
    YamlMap spec = manifest.spec();
    String guess = ResourceImport.portGuess(service, this::global);
    Set<String> names = new HashSet<>();
    List<Object> resources = tree(service.children(), 1, names, guess, manifest);
    if (resources.isEmpty()) {
      manifest.note("TODO: the service had no resources; the API needs one, so a placeholder app");
      manifest.note("stands in. Replace it, or delete the service.");
      resources.add(
          ResourceImport.app("placeholder", "A placeholder: the service had no resources."));
    }
    spec.put("resources", resources);
    manifest.unmapped(service);
    return manifest;
  }

  private Manifest vm(Element vm) {
    Manifest manifest = header(vm);
    String name = Names.label(vm.peek("name").isEmpty() ? "vm" : vm.peek("name"));
    YamlMap resource = vms.service(new ResourceRef(vm, Optional.empty()), name, manifest);
    manifest.spec().put("resources", new ArrayList<>(List.of(resource)));
    manifest.unmapped(vm);
    return manifest;
  }

  /** The service attributes a {@code <service>} and a {@code <vm>} share. */
  private Manifest header(Element service) {
    String original = service.attr("name").orElse("service");
    String name = Names.object(original);
    Manifest manifest =
        new Manifest(ImportContext.API_VERSION, "ClusterService", name, context.namespace);
    manifest.note("From cluster.conf " + service.describe() + ".");
    YamlMap spec = manifest.spec();
    service
        .attr("domain")
        .ifPresent(
            d -> {
              if (context.domains.containsKey(d)) {
                spec.put("domain", context.domains.get(d));
              } else {
                manifest.note(
                    "TODO: domain \"" + d + "\" has no members or does not exist: left unset.");
              }
            });
    service.flag("autostart").ifPresent(a -> spec.put("autostart", a));
    service.flag("exclusive").ifPresent(e -> spec.put("exclusive", e));
    service
        .attr("recovery")
        .ifPresent(
            r -> {
              if (RECOVERY.contains(r)) {
                spec.put("recovery", r);
              } else {
                manifest.note("NOT MAPPED: recovery=\"" + r + "\"");
              }
            });
    restartWindow(service, spec, manifest);
    service
        .attr("depend")
        .ifPresent(
            d ->
                spec.put(
                    "depend",
                    Names.object(d.replaceFirst("^service:", "").replaceFirst("^vm:", ""))));
    service
        .attr("depend_mode")
        .ifPresent(
            m -> {
              if (DEPEND_MODES.contains(m)) {
                spec.put("dependMode", m);
              } else {
                manifest.note(
                    "NOT MAPPED: depend_mode=\""
                        + m
                        + "\": rgmanager knows hard and soft; spec.dependMode is left unset, which"
                        + " is hard (rgmanager's default).");
              }
            });
    return manifest;
  }

  private static void restartWindow(Element service, YamlMap spec, Manifest manifest) {
    Optional<String> max = service.attr("max_restarts").filter(ImportContext::isCount);
    Optional<String> expire = service.attr("restart_expire_time").filter(ImportContext::isCount);
    if (max.isPresent() && expire.isPresent() && Long.parseLong(expire.get()) > 0) {
      spec.put("maxRestarts", Math.min(1000, Integer.parseInt(max.get())));
      spec.put("restartExpireTime", ImportContext.seconds(expire.get()));
    } else if (max.isPresent() || expire.isPresent()) {
      manifest.note(
          "NOT MAPPED: max_restarts/restart_expire_time: the API needs both (a sliding window);"
              + " set spec.maxRestarts and spec.restartExpireTime together.");
    }
  }

  /** The children of a tree level; unmappable resources are reported and their children lifted. */
  private List<Object> tree(
      List<Element> elements, int depth, Set<String> names, String port, Manifest manifest) {
    List<Object> out = new ArrayList<>();
    for (Element element : elements) {
      if (element.tag().equals("action")) {
        manifest.note(
            "NOT MAPPED: "
                + element.describe()
                + " (per-resource action timings): use spec.statusInterval.");
        element.consume("name", "depth", "interval", "timeout");
        manifest.unmapped(element);
        continue;
      }
      ResourceRef resource = resolve(element, manifest);
      Optional<YamlMap> mapped = node(resource, names, port, manifest);
      for (String attribute : resource.unusedAttributes()) {
        manifest.note("NOT MAPPED: " + resource.describe() + " " + attribute);
      }
      List<Element> children = element.children();
      if (mapped.isEmpty()) {
        out.addAll(tree(children, depth, names, port, manifest));
      } else if (depth >= MAX_DEPTH && !children.isEmpty()) {
        manifest.note(
            "The tree was deeper than "
                + MAX_DEPTH
                + " levels: the children of "
                + resource.describe()
                + " became its siblings (they now start after it, as before, but stop independently).");
        out.add(mapped.get());
        out.addAll(tree(children, depth, names, port, manifest));
      } else {
        if (!children.isEmpty()) {
          List<Object> below = tree(children, depth + 1, names, port, manifest);
          if (!below.isEmpty()) {
            mapped.get().put("children", below);
          }
        }
        out.add(mapped.get());
      }
    }
    return capped(out, limit(depth), manifest);
  }

  /** One resource of a tree: a vm mapped by {@link VmImport}, any other by ResourceImport. */
  private Optional<YamlMap> node(
      ResourceRef resource, Set<String> names, String port, Manifest manifest) {
    if (!resource.tag().equals("vm")) {
      return ResourceImport.resource(resource, names, port, manifest);
    }
    String name = ResourceImport.unique(Names.label(resource.name()), names);
    return Optional.of(vms.child(resource, name, manifest));
  }

  /** The API's item limit for one level of the tree, read from the CRD the release carries. */
  private static int limit(int depth) {
    String path = "spec.resources" + "[].children".repeat(depth - 1);
    return SchemaLimits.maxItems("ClusterService", path).orElse(Integer.MAX_VALUE);
  }

  /** Keeps the API's item limit on one tree level, reporting what did not fit. */
  private static List<Object> capped(List<Object> level, int limit, Manifest manifest) {
    if (level.size() <= limit) {
      return level;
    }
    List<String> left = new ArrayList<>();
    level
        .subList(limit, level.size())
        .forEach(o -> left.add(String.valueOf(((YamlMap) o).get("name"))));
    manifest.note(
        "NOT MAPPED: the API takes "
            + limit
            + " resources on one level of a tree; left out: "
            + String.join(", ", left)
            + ". Split the service.");
    return new ArrayList<>(level.subList(0, limit));
  }

  /** The global resource of this tag and name (address for an ip), if any. */
  private Optional<org.w3c.dom.Element> global(String tag, String key) {
    return Optional.ofNullable(globals.getOrDefault(tag, Map.of()).get(key));
  }

  private ResourceRef resolve(Element element, Manifest manifest) {
    Optional<String> ref = element.attr("ref");
    Optional<Element> global = Optional.empty();
    if (ref.isPresent()) {
      org.w3c.dom.Element dom = globals.getOrDefault(element.tag(), Map.of()).get(ref.get());
      if (dom == null) {
        manifest.note(
            "TODO: " + element.describe() + " refers to no global <" + element.tag() + ">.");
      } else {
        global = Optional.of(new Element(dom));
        referenced.add(dom);
      }
    }
    return new ResourceRef(element, global);
  }

  /** Global resources no service refers to: reported, since they are not imported. */
  List<String> unreferenced() {
    List<String> out = new ArrayList<>();
    globals
        .values()
        .forEach(
            byKey ->
                byKey.values().stream()
                    .filter(dom -> !referenced.contains(dom))
                    .forEach(dom -> out.add(new Element(dom).describe())));
    return out;
  }
}
