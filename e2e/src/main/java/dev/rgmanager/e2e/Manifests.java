package dev.rgmanager.e2e;

import dev.rgmanager.api.v1alpha1.FenceAcknowledgement;
import dev.rgmanager.api.v1alpha1.HACluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The manifests the end-to-end tests share, as YAML documents ending with a separator. */
public final class Manifests {
  private Manifests() {}

  /**
   * The HACluster "e2e": members node-1..node-3, a 4 s token, no post-join delay, and any extra
   * spec lines (indented as spec fields, e.g. "noQuorumPolicy: freeze").
   */
  public static String cluster(String... extraSpec) {
    StringBuilder b =
        new StringBuilder(
            "apiVersion: rgmanager.dev/v1alpha1\nkind: HACluster\nmetadata:\n  name: e2e\nspec:\n"
                + "  tokenTimeout: 4s\n  postJoinDelay: 0s\n");
    for (String line : extraSpec) {
      b.append("  ").append(line).append('\n');
    }
    b.append("  nodes:\n    - name: node-1\n    - name: node-2\n    - name: node-3\n---\n");
    return b.toString();
  }

  /**
   * The FailoverDomain "abc" in {@code ns}: ordered, restricted, node-1 then node-2 then node-3.
   */
  public static String orderedDomain(String ns) {
    return """
        apiVersion: rgmanager.dev/v1alpha1
        kind: FailoverDomain
        metadata:
          name: abc
          namespace: NS
        spec:
          ordered: true
          restricted: true
          members:
            - node: node-1
              priority: 1
            - node: node-2
              priority: 2
            - node: node-3
              priority: 3
        ---
        """
        .replace("NS", ns);
  }

  /**
   * A ClusterService of one pause pod (resource "app"), checked every 2 s, in {@code domain} (none
   * if null), with any extra spec lines (e.g. "recovery: relocate").
   */
  public static String appService(String ns, String name, String domain, String... extraSpec) {
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
    b.append("  statusInterval: 2s\n");
    for (String line : extraSpec) {
      b.append("  ").append(line).append('\n');
    }
    b.append(
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
        """);
    return b.toString();
  }

  /**
   * The Secret "bmc-credentials" in rgmanager-system that the simulated BMCs' FenceDevices name:
   * username admin and {@link Bmcs#PASSWORD}.
   */
  public static String bmcCredentials() {
    return """
        apiVersion: v1
        kind: Secret
        metadata:
          name: bmc-credentials
          namespace: rgmanager-system
        stringData:
          username: admin
          password: PASSWORD
        ---
        """
        .replace("PASSWORD", Bmcs.PASSWORD);
  }

  /**
   * The BMC credentials, a FenceDevice per node (its simulated BMC on 127.0.0.1, port {@code
   * basePort}+n for node-n) and the HACluster "e2e" of node-1..node-3, each fenced by its BMC.
   */
  public static String fencedCluster(int basePort) {
    return fencedCluster("127.0.0.1", basePort);
  }

  /** As {@link #fencedCluster(int)}, the BMCs on {@code address}. */
  public static String fencedCluster(String address, int basePort) {
    StringBuilder b = new StringBuilder(bmcCredentials());
    for (int i = 1; i <= 3; i++) {
      b.append(
          """
          apiVersion: rgmanager.dev/v1alpha1
          kind: FenceDevice
          metadata:
            name: bmc-node-N
            namespace: rgmanager-system
          spec:
            agent: ipmilan
            ipmi:
              address: ADDRESS
              port: PORT
              powerWait: 1s
            credentialsSecretRef:
              name: bmc-credentials
            timeout: 20s
          ---
          """
              .replace("node-N", "node-" + i)
              .replace("ADDRESS", address)
              .replace("PORT", String.valueOf(basePort + i)));
    }
    b.append(
        """
        apiVersion: rgmanager.dev/v1alpha1
        kind: HACluster
        metadata:
          name: e2e
        spec:
          tokenTimeout: 4s
          postJoinDelay: 0s
          nodes:
        """);
    for (int i = 1; i <= 3; i++) {
      b.append(
          """
                - name: node-N
                  fenceMethods:
                    - name: power
                      devices:
                        - device: bmc-node-N
                          namespace: rgmanager-system
          """
              .replace("node-N", "node-" + i));
    }
    return b.append("---\n").toString();
  }

  /**
   * Creates the operator's namespace rgmanager-system if it is missing (as the Helm chart does): it
   * holds the BMC credentials, the FenceDevices and the leader-election Lease.
   */
  public static void systemNamespace(KubernetesClient c) {
    c.namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName("rgmanager-system")
                .endMetadata()
                .build())
        .serverSideApply();
  }

  /** Creates the namespace {@code name} if it is missing. */
  public static void namespace(KubernetesClient c, String name) {
    c.namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .build())
        .serverSideApply();
  }

  /** The administrator's fence acknowledgement of {@code node} on the HACluster "e2e". */
  public static void acknowledge(KubernetesClient c, String node) {
    acknowledge(c, List.of(node), "e2e");
  }

  /**
   * Acknowledges fencing of {@code nodes} on the HACluster "e2e" with one JSON patch that appends
   * to the acknowledgement list: no read first and no conflict with the operator's frequent status
   * writes, so the acknowledgement lands as soon as it is sent.
   */
  public static void acknowledge(KubernetesClient c, List<String> nodes, String by) {
    HACluster h = c.resources(HACluster.class).withName("e2e").get();
    acknowledge(c, nodes, by, !h.getSpec().fenceAcknowledgementsOrEmpty().isEmpty());
  }

  /**
   * As above, for a caller that knows whether the cluster already has an acknowledgement list
   * ({@code hasList}): no read at all.
   */
  public static void acknowledge(
      KubernetesClient c, List<String> nodes, String by, boolean hasList) {
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
        .withName("e2e")
        .patch(PatchContext.of(PatchType.JSON), Serialization.asJson(ops));
  }

  /** Server-side applies every document of {@code yaml}. */
  public static void apply(KubernetesClient c, String yaml) {
    c.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
        .items()
        .forEach(o -> c.resource(o).serverSideApply());
  }
}
