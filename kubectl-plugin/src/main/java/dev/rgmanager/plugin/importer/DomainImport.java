package dev.rgmanager.plugin.importer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code <failoverdomains>} to FailoverDomains: the same flags, members and priorities. */
final class DomainImport {
  private final ImportContext context;

  DomainImport(ImportContext context) {
    this.context = context;
  }

  List<Manifest> convert(List<Element> domains) {
    List<Manifest> out = new ArrayList<>();
    for (Element domain : domains) {
      String original = domain.attr("name").orElse("domain");
      String name = Names.object(original);
      Manifest manifest =
          new Manifest(ImportContext.API_VERSION, "FailoverDomain", name, context.namespace);
      manifest.note("From cluster.conf " + domain.describe() + ".");
      YamlMap spec = manifest.spec();
      spec.put("ordered", domain.flag("ordered").orElse(false));
      spec.put("restricted", domain.flag("restricted").orElse(false));
      spec.put("nofailback", domain.flag("nofailback").orElse(false));
      List<Object> members = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (Element node : domain.children("failoverdomainnode")) {
        String member = Names.object(node.attr("name").orElse(""));
        if (!seen.add(member)) {
          manifest.note("NOT MAPPED: " + node.describe() + ": " + member + " is already a member.");
          continue;
        }
        YamlMap entry = new YamlMap().put("node", member);
        node.attr("priority")
            .filter(ImportContext::isCount)
            .map(Integer::parseInt)
            .ifPresent(
                p -> {
                  int bounded = Math.max(1, Math.min(100, p));
                  if (bounded != p) {
                    manifest.note(
                        "priority "
                            + p
                            + " of "
                            + member
                            + " is outside 1..100: "
                            + bounded
                            + " was used.");
                  }
                  entry.put("priority", bounded);
                });
        manifest.unmapped(node);
        members.add(entry);
      }
      manifest.unmapped(domain);
      if (members.isEmpty()) {
        // The API refuses a domain with no members; services naming it get a note instead.
        continue;
      }
      spec.put("members", members);
      context.domains.put(original, name);
      out.add(manifest);
    }
    return out;
  }
}
