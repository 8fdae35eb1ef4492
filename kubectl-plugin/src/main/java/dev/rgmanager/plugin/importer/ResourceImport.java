package dev.rgmanager.plugin.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * One rgmanager resource to one tree node: fs-like to volume, ip to a floating address, script and
 * application agents to an app with a placeholder pod ({@link VmImport} maps vm).
 */
final class ResourceImport {
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

  private ResourceImport() {}

  /** One resource of the tree, or empty when its type has no counterpart (reported). */
  static Optional<YamlMap> resource(
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

  static YamlMap app(String name, String what) {
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
  static String portGuess(
      Element service, BiFunction<String, String, Optional<org.w3c.dom.Element>> globals) {
    StringBuilder text = new StringBuilder();
    collectNames(service, globals, text);
    String all = text.toString().toLowerCase(Locale.ROOT);
    return WELL_KNOWN_PORTS.keySet().stream().filter(all::contains).findFirst().orElse("");
  }

  private static void collectNames(
      Element element,
      BiFunction<String, String, Optional<org.w3c.dom.Element>> globals,
      StringBuilder text) {
    for (Element child : element.children()) {
      if (APPS.contains(child.tag())) {
        text.append(child.tag()).append(' ');
        Optional<String> ref = child.has("ref") ? Optional.of(child.peek("ref")) : Optional.empty();
        ref.flatMap(r -> globals.apply(child.tag(), r))
            .ifPresent(
                dom ->
                    text.append(dom.getAttribute("name"))
                        .append(' ')
                        .append(dom.getAttribute("file"))
                        .append(' '));
        text.append(child.peek("name")).append(' ').append(child.peek("file")).append(' ');
      }
      collectNames(child, globals, text);
    }
  }

  /** {@code name}, or name-2, name-3 ... when the tree already has it. */
  static String unique(String name, Set<String> names) {
    String candidate = name;
    for (int i = 2; !names.add(candidate); i++) {
      candidate = name + "-" + i;
    }
    return candidate;
  }
}
