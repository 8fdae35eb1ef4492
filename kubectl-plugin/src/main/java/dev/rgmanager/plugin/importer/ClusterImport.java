package dev.rgmanager.plugin.importer;

import dev.rgmanager.api.validation.SchemaLimits;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster-wide part of cluster.conf (cman, totem, fence_daemon, quorumd, clusternodes) to the
 * HACluster.
 */
final class ClusterImport {
  /** The API's limits on fence methods per node and devices per method (from the CRD). */
  private static final int MAX_METHODS =
      SchemaLimits.maxItems("HACluster", "spec.nodes[].fenceMethods").orElse(Integer.MAX_VALUE);

  private static final int MAX_DEVICES =
      SchemaLimits.maxItems("HACluster", "spec.nodes[].fenceMethods[].devices")
          .orElse(Integer.MAX_VALUE);

  private final ImportContext context;

  ClusterImport(ImportContext context) {
    this.context = context;
  }

  Manifest convert(Element cluster) {
    Manifest manifest =
        new Manifest(
            ImportContext.API_VERSION, "HACluster", Names.object(context.clusterName), null);
    manifest.note("From cluster.conf <cluster name=\"" + context.clusterName + "\">: cman, totem,");
    manifest.note("fence_daemon, quorumd and clusternodes. HACluster is cluster-scoped.");
    cluster.consume("name", "config_version");
    YamlMap spec = manifest.spec();
    Optional<Element> quorumd = cluster.child("quorumd");
    int members =
        cluster.child("clusternodes").map(n -> n.children("clusternode").size()).orElse(0);
    cman(cluster.child("cman"), quorumd.isPresent(), members, spec, manifest);
    totem(cluster.child("totem"), spec, manifest);
    fenceDaemon(cluster.child("fence_daemon"), spec, manifest);
    quorumd.ifPresent(q -> quorumDevice(q, spec, manifest));
    nodes(cluster.child("clusternodes").map(Element::children).orElse(List.of()), spec, manifest);
    // fencedevices and rm have documents of their own.
    cluster.children("fencedevices");
    cluster.children("rm");
    manifest.unmapped(cluster);
    return manifest;
  }

  private void cman(
      Optional<Element> cman, boolean quorumDisk, int members, YamlMap spec, Manifest manifest) {
    if (cman.isEmpty()) {
      return;
    }
    Element element = cman.get();
    boolean twoNode = element.flag("two_node").orElse(false);
    Optional<String> expected = element.attr("expected_votes").filter(ImportContext::isCount);
    if (twoNode && quorumDisk) {
      // The API takes one tie-breaker; the quorum disk is the stronger one (it needs no fence
      // race).
      manifest.note(
          "cman two_node=\"1\" and a quorumd: the API allows one tie-breaker, so the quorum");
      manifest.note(
          "device was kept and twoNode/expectedVotes left to their defaults (sum of votes).");
    } else if (twoNode && members != 2) {
      // cman itself refuses two_node with other than two nodes; so does admission.
      manifest.note("cman two_node=\"1\" with " + members + " clusternodes: two-node mode needs");
      manifest.note("exactly two, so twoNode/expectedVotes were left to their defaults.");
    } else {
      if (twoNode) {
        spec.put("twoNode", true);
      }
      expected.ifPresent(e -> spec.put("expectedVotes", Integer.parseInt(e)));
    }
    manifest.unmapped(element);
  }

  private void totem(Optional<Element> totem, YamlMap spec, Manifest manifest) {
    totem.ifPresent(
        t -> {
          t.attr("token")
              .filter(ImportContext::isCount)
              .ifPresent(
                  v -> {
                    if (Long.parseLong(v.trim()) < 2000) {
                      // Admission's minimum: a shorter token fences healthy nodes on a hiccup.
                      manifest.note("totem token=\"" + v + "\" is under the minimum: 2s used.");
                      spec.put("tokenTimeout", "2s");
                    } else {
                      spec.put("tokenTimeout", ImportContext.millis(v));
                    }
                  });
          manifest.unmapped(t);
        });
  }

  private void fenceDaemon(Optional<Element> daemon, YamlMap spec, Manifest manifest) {
    daemon.ifPresent(
        d -> {
          d.attr("post_fail_delay")
              .filter(ImportContext::isCount)
              .ifPresent(v -> spec.put("postFailDelay", ImportContext.seconds(v)));
          d.attr("post_join_delay")
              .filter(ImportContext::isCount)
              .ifPresent(v -> spec.put("postJoinDelay", ImportContext.seconds(v)));
          manifest.unmapped(d);
        });
  }

  private void quorumDevice(Element quorumd, YamlMap spec, Manifest manifest) {
    YamlMap device = spec.map("quorumDevice");
    String lease = Names.object(context.clusterName) + "-qdisk";
    device.put("leaseName", lease).put("leaseNamespace", context.namespace);
    quorumd
        .attr("votes")
        .filter(ImportContext::isCount)
        .ifPresent(v -> device.put("votes", Integer.parseInt(v)));
    Optional<String> interval = quorumd.attr("interval").filter(ImportContext::isCount);
    Optional<String> tko = quorumd.attr("tko").filter(ImportContext::isCount);
    if (interval.isPresent() && tko.isPresent()) {
      long timeout = Long.parseLong(interval.get()) * Long.parseLong(tko.get());
      device.put("timeout", timeout + "s");
    }
    manifest.note("quorumd becomes a quorum device Lease " + context.namespace + "/" + lease + ":");
    manifest.note("TODO: run an arbiter that renews it while its own checks pass (what qdisk's");
    manifest.note("heuristics did); the device's votes count only while the Lease is fresh.");
    quorumd.consume("device", "label");
    for (Element heuristic : quorumd.children("heuristic")) {
      manifest.note(
          "NOT MAPPED: <heuristic program=\""
              + heuristic.attr("program").orElse("")
              + "\">: make it a check of the arbiter.");
      heuristic.consume("score", "interval", "tko");
      manifest.unmapped(heuristic);
    }
    quorumd
        .attr("label")
        .ifPresent(l -> manifest.note("quorumd label \"" + l + "\" (the qdisk) is not needed."));
    manifest.unmapped(quorumd);
  }

  private void nodes(List<Element> clusternodes, YamlMap spec, Manifest manifest) {
    if (clusternodes.isEmpty()) {
      manifest.note("TODO: cluster.conf lists no clusternodes: name the members in spec.nodes.");
      return;
    }
    List<Object> nodes = spec.list("nodes");
    Set<String> seen = new HashSet<>();
    for (Element node : clusternodes) {
      String original = node.attr("name").orElse("node");
      if (!seen.add(Names.object(original))) {
        manifest.note(
            "NOT MAPPED: "
                + node.describe()
                + ": its Kubernetes name "
                + Names.object(original)
                + " repeats an earlier node's.");
        continue;
      }
      YamlMap entry = new YamlMap().put("name", Names.object(original));
      if (!Names.object(original).equals(original)) {
        entry.comment("name", "cluster.conf name \"" + original + "\"");
      }
      node.attr("votes")
          .filter(ImportContext::isCount)
          .ifPresent(v -> entry.put("votes", Integer.parseInt(v)));
      node.consume("nodeid");
      List<Object> methods = new ArrayList<>();
      Set<String> methodNames = new HashSet<>();
      for (Element fence : node.children("fence")) {
        for (Element method : fence.children("method")) {
          YamlMap converted = method(method, methodNames, manifest);
          if (((List<?>) converted.get("devices")).isEmpty()) {
            manifest.note(
                "NOT MAPPED: "
                    + method.describe()
                    + " of "
                    + node.describe()
                    + ": it names no device.");
          } else if (methods.size() == MAX_METHODS) {
            manifest.note(
                "NOT MAPPED: "
                    + method.describe()
                    + " of "
                    + node.describe()
                    + ": the API takes "
                    + MAX_METHODS
                    + " methods.");
          } else {
            methods.add(converted);
          }
        }
        manifest.unmapped(fence);
      }
      if (!methods.isEmpty()) {
        entry.put("fenceMethods", methods);
      } else {
        entry.comment(
            "name", "TODO: no fence method in cluster.conf: a lost node cannot be fenced.");
      }
      for (Element unfence : node.children("unfence")) {
        entry.comment(
            "name",
            "NOT MAPPED: <unfence> (rgmanager re-registered SCSI keys at join): no per-node setting.");
      }
      manifest.unmapped(node);
      nodes.add(entry);
    }
  }

  private YamlMap method(Element method, Set<String> names, Manifest manifest) {
    String original = method.attr("name").orElse("1");
    YamlMap entry = new YamlMap().put("name", ResourceImport.unique(Names.label(original), names));
    List<Object> devices = entry.list("devices");
    for (Element ref : method.children("device")) {
      if (devices.size() == MAX_DEVICES) {
        manifest.note(
            "NOT MAPPED: "
                + ref.describe()
                + " in "
                + method.describe()
                + ": the API takes "
                + MAX_DEVICES
                + " devices per method.");
        continue;
      }
      String device = ref.attr("name").orElse("");
      YamlMap use =
          new YamlMap()
              .put("device", context.fenceDevices.getOrDefault(device, Names.object(device)))
              .put("namespace", context.namespace);
      if (!context.fenceDevices.containsKey(device)) {
        use.comment("device", "TODO: cluster.conf has no fencedevice \"" + device + "\".");
      }
      for (String attribute : List.of("action", "option")) {
        ref.attr(attribute)
            .ifPresent(a -> use.comment("device", FencingImport.action("", attribute, a)));
      }
      YamlMap parameters = new YamlMap();
      for (String attribute : ref.unusedAttributes()) {
        String key = attribute.substring(0, attribute.indexOf('='));
        String value = ref.attr(key).orElse("");
        Optional<String> refused = FencingImport.refused(key, value, true);
        if (Names.isSecret(key)) {
          use.comment(
              "device", "NOT MAPPED: " + key + " (a secret): put it in the device's Secret.");
        } else if (refused.isPresent()) {
          use.comment("device", "NOT MAPPED: " + key + ": " + refused.get());
        } else {
          parameters.put(key, value);
        }
      }
      if (!parameters.isEmpty()) {
        use.put("parameters", parameters);
      }
      devices.add(use);
    }
    manifest.unmapped(method);
    return entry;
  }
}
