package dev.rgmanager.operator.inprocess;

/**
 * The manifests the reconciler tests share, as YAML documents ending with a separator; NS and
 * CLUSTER stand for the test's namespace and HACluster name ({@link LiveCluster#apply}).
 */
public final class Manifests {
  private Manifests() {}

  /**
   * The test's HACluster: members node-1..node-3, a 4 s token, no post-join delay, each member
   * fenced by method "power" (one device, bmc-node-N, answered by the {@link ScriptedFencer}) when
   * {@code fenced}, and any extra spec lines (e.g. "noQuorumPolicy: freeze"; a "tokenTimeout:" line
   * replaces the 4 s one).
   */
  public static String cluster(boolean fenced, String... extraSpec) {
    StringBuilder b =
        new StringBuilder(
            "apiVersion: rgmanager.dev/v1alpha1\nkind: HACluster\nmetadata:\n  name: CLUSTER\n"
                + "spec:\n  postJoinDelay: 0s\n");
    if (java.util.Arrays.stream(extraSpec).noneMatch(l -> l.startsWith("tokenTimeout:"))) {
      b.append("  tokenTimeout: 4s\n");
    }
    for (String line : extraSpec) {
      b.append("  ").append(line).append('\n');
    }
    b.append("  nodes:\n");
    for (int i = 1; i <= 3; i++) {
      b.append("    - name: node-").append(i).append('\n');
      if (fenced) {
        b.append(
            """
                  fenceMethods:
                    - name: power
                      devices:
                        - device: bmc-node-N
                          namespace: NS
            """
                .replace("node-N", "node-" + i));
      }
    }
    return b.append("---\n").toString();
  }

  /** The FailoverDomain {@code name}: ordered, restricted, with failback, node-1 then node-2. */
  public static String orderedDomain(String name) {
    return """
        apiVersion: rgmanager.dev/v1alpha1
        kind: FailoverDomain
        metadata:
          name: DOMAIN
          namespace: NS
        spec:
          ordered: true
          restricted: true
          members:
            - node: node-1
              priority: 1
            - node: node-2
              priority: 2
        ---
        """
        .replace("DOMAIN", name);
  }

  /**
   * A ClusterService of one pause pod (resource "app"; kwok runs it), checked every second, in
   * {@code domain} (none if null), with any extra spec lines (e.g. "recovery: relocate").
   */
  public static String appService(String name, String domain, String... extraSpec) {
    StringBuilder b =
        new StringBuilder("apiVersion: rgmanager.dev/v1alpha1\nkind: ClusterService\nmetadata:\n")
            .append("  name: ")
            .append(name)
            .append("\n  namespace: NS\nspec:\n");
    if (domain != null) {
      b.append("  domain: ").append(domain).append('\n');
    }
    b.append("  statusInterval: 1s\n");
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
}
