package dev.rgmanager.operator.testing;

import dev.rgmanager.api.v1alpha1.FenceAcknowledgement;
import dev.rgmanager.api.v1alpha1.HACluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The manifests the tests share, as YAML documents ending with a separator: an HACluster of
 * node-1..node-3 (a 4 s token, no post-join delay) named {@code clusterName}, fenced through
 * devices in {@code deviceNamespace}; the ordered, restricted FailoverDomain "abc" of {@code
 * domainMembers}; ClusterServices of one pause pod checked every {@code statusInterval}. Each
 * harness has one, with what it chooses on purpose: {@link #IN_PROCESS} and {@link #REAL_CLUSTER}.
 */
public record Manifests(
    String clusterName, String deviceNamespace, List<String> domainMembers, String statusInterval) {
  /**
   * The reconciler tests': the HACluster CLUSTER, fenced through devices in NS (the test's
   * namespace; both placeholders replaced when applied); the domain node-1 then node-2 only, so
   * that node-3 is outside it; services checked every second, the tests' windows being short.
   */
  public static final Manifests IN_PROCESS =
      new Manifests("CLUSTER", "NS", List.of("node-1", "node-2"), "1s");

  /**
   * The end-to-end tests': the HACluster "e2e", fenced through devices in rgmanager-system (where
   * the operator's Helm chart keeps them); the domain node-1, node-2, node-3; services checked
   * every 2 s, the API server being shared with the nodes and an operator process.
   */
  public static final Manifests REAL_CLUSTER =
      new Manifests("e2e", "rgmanager-system", List.of("node-1", "node-2", "node-3"), "2s");

  private static final List<String> NODES = List.of("node-1", "node-2", "node-3");

  /**
   * The HACluster: members node-1..node-3, each fenced by method "power" (one device, bmc-node-N)
   * when {@code fenced}, and any extra spec lines (e.g. "noQuorumPolicy: freeze"; a "tokenTimeout:"
   * line replaces the 4 s one).
   */
  public String cluster(boolean fenced, String... extraSpec) {
    StringBuilder b =
        new StringBuilder("apiVersion: rgmanager.dev/v1alpha1\nkind: HACluster\nmetadata:\n")
            .append("  name: ")
            .append(clusterName)
            .append("\nspec:\n  postJoinDelay: 0s\n");
    if (Arrays.stream(extraSpec).noneMatch(l -> l.startsWith("tokenTimeout:"))) {
      b.append("  tokenTimeout: 4s\n");
    }
    for (String line : extraSpec) {
      b.append("  ").append(line).append('\n');
    }
    b.append("  nodes:\n");
    for (String node : NODES) {
      b.append("    - name: ").append(node).append('\n');
      if (fenced) {
        b.append(
            """
                  fenceMethods:
                    - name: power
                      devices:
                        - device: bmc-node-N
                          namespace: DEVICES
            """
                .replace("node-N", node)
                .replace("DEVICES", deviceNamespace));
      }
    }
    return b.append("---\n").toString();
  }

  /** The FailoverDomain "abc" in {@code ns}: ordered, restricted, its members in order. */
  public String orderedDomain(String ns) {
    StringBuilder b =
        new StringBuilder(
            """
            apiVersion: rgmanager.dev/v1alpha1
            kind: FailoverDomain
            metadata:
              name: abc
              namespace: NS
            spec:
              ordered: true
              restricted: true
              members:
            """
                .replace("NS", ns));
    for (int i = 0; i < domainMembers.size(); i++) {
      b.append("    - node: ").append(domainMembers.get(i)).append('\n');
      b.append("      priority: ").append(i + 1).append('\n');
    }
    return b.append("---\n").toString();
  }

  /**
   * A ClusterService of one pause pod (resource "app"; kwok or a real node runs it) in {@code ns},
   * in {@code domain} (none if null), with any extra spec lines (e.g. "recovery: relocate"; a
   * "statusInterval:" line replaces the harness's).
   */
  public String appService(String ns, String name, String domain, String... extraSpec) {
    StringBuilder b =
        new StringBuilder("apiVersion: rgmanager.dev/v1alpha1\nkind: ClusterService\nmetadata:\n")
            .append("  name: ")
            .append(name)
            .append("\n  namespace: ")
            .append(ns)
            .append("\nspec:\n");
    if (domain != null) {
      b.append("  domain: ").append(domain).append('\n');
    }
    if (Arrays.stream(extraSpec).noneMatch(l -> l.startsWith("statusInterval:"))) {
      b.append("  statusInterval: ").append(statusInterval).append('\n');
    }
    for (String line : extraSpec) {
      b.append("  ").append(line).append('\n');
    }
    return b.append(
            """
              resources:
                - name: app
                  app:
                    template:
                      spec:
                        containers:
                          - name: app
                            image: registry.k8s.io/pause:3.10
            ---
            """)
        .toString();
  }

  /** Server-side applies every document of {@code yaml}. */
  public static void apply(KubernetesClient c, String yaml) {
    c.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
        .items()
        .forEach(o -> c.resource(o).serverSideApply());
  }

  /** Creates the namespace {@code name} if it is missing. */
  public static void namespace(KubernetesClient c, String name) {
    c.namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
  }

  /**
   * Creates the operator's namespace rgmanager-system if it is missing (as the Helm chart does): it
   * holds the BMC credentials, the FenceDevices and the leader-election Lease.
   */
  public static void systemNamespace(KubernetesClient c) {
    namespace(c, "rgmanager-system");
  }

  /**
   * The administrator's fence acknowledgement of {@code nodes} on the HACluster {@code cluster}
   * (kubectl cluster-status fence-ack), by {@code by}; see {@link #acknowledge(KubernetesClient,
   * String, List, String, boolean)}.
   */
  public static void acknowledge(
      KubernetesClient c, String cluster, List<String> nodes, String by) {
    HACluster h = c.resources(HACluster.class).withName(cluster).get();
    acknowledge(c, cluster, nodes, by, !h.getSpec().fenceAcknowledgementsOrEmpty().isEmpty());
  }

  /**
   * As above, for a caller that knows whether the cluster already has an acknowledgement list
   * ({@code hasList}): one JSON patch that appends to the list, with no read first and no conflict
   * with the operator's frequent status writes, so the acknowledgement lands as soon as it is sent.
   */
  public static void acknowledge(
      KubernetesClient c, String cluster, List<String> nodes, String by, boolean hasList) {
    List<Map<String, Object>> ops = new ArrayList<>();
    String now = Instant.now().toString();
    List<FenceAcknowledgement> acks =
        nodes.stream().map(n -> new FenceAcknowledgement(n, now, by)).toList();
    if (hasList) {
      acks.forEach(
          a -> ops.add(Map.of("op", "add", "path", "/spec/fenceAcknowledgements/-", "value", a)));
    } else {
      ops.add(Map.of("op", "add", "path", "/spec/fenceAcknowledgements", "value", acks));
    }
    c.resources(HACluster.class)
        .withName(cluster)
        .patch(PatchContext.of(PatchType.JSON), Serialization.asJson(ops));
  }

  /**
   * A KubeVirt VirtualMachine {@code name} in {@code ns}, a template only (runStrategy {@code
   * runStrategy}: Manual leaves its instances to the cluster), with a 64 MiB guest and no disk.
   */
  public static String virtualMachine(String ns, String name, String runStrategy) {
    return """
        apiVersion: kubevirt.io/v1
        kind: VirtualMachine
        metadata:
          name: NAME
          namespace: NS
        spec:
          runStrategy: STRATEGY
          template:
            metadata:
              labels:
                app: NAME
            spec:
              domain:
                devices: {}
                resources:
                  requests:
                    memory: 64Mi
        ---
        """
        .replace("NAME", name)
        .replace("NS", ns)
        .replace("STRATEGY", runStrategy);
  }
}
