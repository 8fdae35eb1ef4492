package dev.rgmanager.plugin.importer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code <service>} and {@code <vm>} to ClusterServices, with their resource trees. */
final class ServiceImport {
  /** The API's tree depth: a service's resources, their children, and theirs. */
  private static final int MAX_DEPTH = 3;

  private static final Set<String> VOLUMES = Set.of("fs", "clusterfs", "netfs", "lvm");
  private static final Set<String> APPS =
      Set.of(
          "script",
          "apache",
          "mysql",
          "postgres-8",
          "tomcat-5",
          "tomcat-6",
          "samba",
          "openldap",
          "named",
          "oracledb",
          "orainstance",
          "oralistener",
          "SAPInstance",
          "SAPDatabase",
          "ASEHAagent",
          "bind-mount");
  private static final Set<String> RECOVERY =
      Set.of("restart", "relocate", "disable", "restart-disable");

  /** Ports a floating address likely served, guessed from the applications beside it. */
  private static final Map<String, Integer> WELL_KNOWN_PORTS = new LinkedHashMap<>();

  static {
    WELL_KNOWN_PORTS.put("http", 80);
    WELL_KNOWN_PORTS.put("apache", 80);
    WELL_KNOWN_PORTS.put("nginx", 80);
    WELL_KNOWN_PORTS.put("tomcat", 8080);
    WELL_KNOWN_PORTS.put("mysql", 3306);
    WELL_KNOWN_PORTS.put("mariadb", 3306);
    WELL_KNOWN_PORTS.put("postgres", 5432);
    WELL_KNOWN_PORTS.put("pgsql", 5432);
    WELL_KNOWN_PORTS.put("oracle", 1521);
    WELL_KNOWN_PORTS.put("ldap", 389);
    WELL_KNOWN_PORTS.put("named", 53);
    WELL_KNOWN_PORTS.put("samba", 445);
    WELL_KNOWN_PORTS.put("smb", 445);
    WELL_KNOWN_PORTS.put("nfs", 2049);
  }

  private static final String PLACEHOLDER_IMAGE = "registry.k8s.io/pause:3.10";

  private final ImportContext context;
  private final Map<String, Map<String, org.w3c.dom.Element>> globals = new LinkedHashMap<>();
  private final Set<org.w3c.dom.Element> referenced = new HashSet<>();

  ServiceImport(ImportContext context, List<Element> globalResources) {
    this.context = context;
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
    String guess = portGuess(service);
    Set<String> names = new HashSet<>();
    List<Object> resources = tree(service.children(), 1, names, guess, manifest);
    if (resources.isEmpty()) {
      manifest.note("TODO: the service had no resources; the API needs one, so a placeholder app");
      manifest.note("stands in. Replace it, or delete the service.");
      resources.add(app("placeholder", "A placeholder: the service had no resources."));
    }
    spec.put("resources", resources);
    manifest.unmapped(service);
    return manifest;
  }

  private Manifest vm(Element vm) {
    Manifest manifest = header(vm);
    String name = Names.label(vm.attr("name").orElse("vm"));
    YamlMap resource = new YamlMap().put("name", name);
    resource.map("vm").put("name", Names.object(vm.attr("name").orElse("vm")));
    resource.comment(
        "name", "A KubeVirt VirtualMachine of this name in namespace " + context.namespace + ".");
    vm.attr("migrate")
        .ifPresent(
            m -> {
              if (m.equals("live") || m.equals("pause")) {
                resource.put("migrate", m);
              } else {
                manifest.note("NOT MAPPED: migrate=\"" + m + "\"");
              }
            });
    manifest.note("TODO: define the VirtualMachine (from the libvirt domain XML) in KubeVirt.");
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
      Optional<YamlMap> mapped = resource(resource, names, port, manifest);
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
    return out;
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

  /** One resource of the tree, or empty when its type has no counterpart (reported). */
  private Optional<YamlMap> resource(
      ResourceRef resource, Set<String> names, String port, Manifest manifest) {
    String tag = resource.tag();
    String original = resource.name();
    resource.consume("name");
    if (VOLUMES.contains(tag)) {
      return Optional.of(volume(resource, unique(Names.label(original), names)));
    } else if (tag.equals("ip")) {
      resource.consume("address");
      return Optional.of(
          ip(
              resource,
              unique("ip-" + Names.label(original.replaceFirst("/.*$", "")), names),
              port));
    } else if (tag.equals("vm")) {
      YamlMap vm = new YamlMap().put("name", unique(Names.label(original), names));
      vm.map("vm").put("name", Names.object(original));
      resource
          .attr("migrate")
          .filter(m -> m.equals("live") || m.equals("pause"))
          .ifPresent(m -> vm.put("migrate", m));
      return Optional.of(vm);
    } else if (APPS.contains(tag)) {
      String what =
          "From cluster.conf <" + tag + "> " + resource.attr("file").orElse(original) + ".";
      return Optional.of(app(unique(Names.label(original), names), what));
    }
    String reason =
        tag.startsWith("nfs")
            ? "NFS exports have no resource type; serve NFS from an app resource if needed."
            : "no resource type corresponds.";
    manifest.note(
        "NOT MAPPED: " + resource.describe() + ": " + reason + " Its children moved up a level.");
    return Optional.empty();
  }

  private static YamlMap volume(ResourceRef resource, String name) {
    YamlMap entry = new YamlMap().put("name", name);
    YamlMap volume = entry.map("volume").put("claimName", name);
    resource
        .attr("mountpoint")
        .filter(m -> m.startsWith("/"))
        .ifPresent(m -> volume.put("mountPath", m));
    StringBuilder from = new StringBuilder("cluster.conf <" + resource.tag());
    for (String key : List.of("device", "fstype", "host", "export", "vg_name", "lv_name")) {
      resource
          .attr(key)
          .ifPresent(v -> from.append(' ').append(key).append("=\"").append(v).append('"'));
    }
    entry.comment("name", from.append(">").toString());
    entry.comment(
        "name",
        "TODO: create PersistentVolumeClaim "
            + name
            + " on that storage, or set volume.size to let the operator create it.");
    return entry;
  }

  private static YamlMap ip(ResourceRef resource, String name, String guess) {
    YamlMap entry = new YamlMap().put("name", name);
    String address = resource.attr("address").orElse("");
    entry.comment(
        "name",
        "cluster.conf <ip address=\"" + address + "\">: Kubernetes gives the Service its own");
    entry.comment("name", "address; point clients (or DNS) at it, or set type LoadBalancer.");
    int port = WELL_KNOWN_PORTS.getOrDefault(guess, 80);
    YamlMap portEntry =
        new YamlMap()
            .put("name", guess.isEmpty() ? "service" : Names.label(guess))
            .put("port", port);
    if (guess.isEmpty()) {
      entry.comment(
          "name", "TODO: cluster.conf says nothing of ports: 80 is a guess; set the real ones.");
    } else {
      entry.comment(
          "name", "TODO: port " + port + " was guessed from \"" + guess + "\"; check it.");
    }
    entry.map("ip").put("ports", new ArrayList<>(List.of(portEntry)));
    return entry;
  }

  private static YamlMap app(String name, String what) {
    YamlMap entry = new YamlMap().put("name", name);
    entry.comment("name", what);
    entry.comment(
        "name",
        "TODO: the container is a placeholder: put in the image that runs the application.");
    YamlMap template = entry.map("app").map("template");
    template.map("metadata").map("labels").put("app.kubernetes.io/name", name);
    YamlMap container = new YamlMap().put("name", name).put("image", PLACEHOLDER_IMAGE);
    template.map("spec").put("containers", new ArrayList<>(List.of(container)));
    return entry;
  }

  /** The first well-known application keyword found in the service's resources, or "". */
  private String portGuess(Element service) {
    StringBuilder text = new StringBuilder();
    collectNames(service, text);
    String all = text.toString().toLowerCase(Locale.ROOT);
    return WELL_KNOWN_PORTS.keySet().stream().filter(all::contains).findFirst().orElse("");
  }

  private void collectNames(Element element, StringBuilder text) {
    for (Element child : element.children()) {
      if (APPS.contains(child.tag())) {
        text.append(child.tag()).append(' ');
        Optional<String> ref = child.has("ref") ? Optional.of(child.peek("ref")) : Optional.empty();
        ref.map(r -> globals.getOrDefault(child.tag(), Map.of()).get(r))
            .ifPresent(
                dom ->
                    text.append(dom.getAttribute("name"))
                        .append(' ')
                        .append(dom.getAttribute("file"))
                        .append(' '));
        text.append(child.peek("name")).append(' ').append(child.peek("file")).append(' ');
      }
      collectNames(child, text);
    }
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

  private static String unique(String name, Set<String> names) {
    String candidate = name;
    for (int i = 2; !names.add(candidate); i++) {
      candidate = name + "-" + i;
    }
    return candidate;
  }
}
