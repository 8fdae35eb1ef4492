package dev.rgmanager.e2e;

import dev.rgmanager.api.v1alpha1.FenceAcknowledgement;
import dev.rgmanager.api.v1alpha1.HACluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

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

  /** The administrator's fence acknowledgement of {@code node} on the HACluster "e2e". */
  public static void acknowledge(KubernetesClient c, String node) {
    acknowledge(c, List.of(node), "e2e");
  }

  /**
   * Acknowledges fencing of {@code nodes} on the HACluster "e2e" in one edit, read again and
   * retried when the operator wrote the cluster's status in between (HTTP 409).
   */
  public static void acknowledge(KubernetesClient c, List<String> nodes, String by) {
    for (int attempt = 1; ; attempt++) {
      try {
        c.resources(HACluster.class)
            .withName("e2e")
            .edit(
                h -> {
                  var spec = h.getSpec();
                  for (String node : nodes) {
                    spec =
                        spec.withAcknowledgement(
                            new FenceAcknowledgement(node, Instant.now().toString(), by));
                  }
                  h.setSpec(spec);
                  return h;
                });
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }

  /** Server-side applies every document of {@code yaml}. */
  public static void apply(KubernetesClient c, String yaml) {
    c.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
        .items()
        .forEach(o -> c.resource(o).serverSideApply());
  }
}
