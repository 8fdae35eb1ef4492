package dev.rgmanager.e2e;

import static dev.rgmanager.e2e.FencingE2E.loseAndAcknowledge;
import static dev.rgmanager.e2e.FencingE2E.member;
import static dev.rgmanager.e2e.FencingE2E.where;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.MemberState;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed's failover-domain behaviours on real pods: one service per kind of domain (members
 * node-1 then node-2; node-3 is not a member), node-1 lost and acknowledged, then back. Each
 * service's pod really moves (its nodeName), or, for the frozen one, does not.
 */
@RealCluster
class DomainBehaviourE2E {
  private static final Duration WAIT = Duration.ofSeconds(120);

  /** Service name to its domain's flags and member list. */
  private static final Map<String, String> DOMAINS = new LinkedHashMap<>();

  static {
    DOMAINS.put("ordered-failback", "ordered: true\n  restricted: true\n  nofailback: false");
    DOMAINS.put("ordered-nofailback", "ordered: true\n  restricted: true\n  nofailback: true");
    DOMAINS.put("unordered", "ordered: false\n  restricted: true\n  nofailback: false");
    DOMAINS.put("unrestricted", "ordered: true\n  restricted: false\n  nofailback: false");
    DOMAINS.put("frozen", "ordered: true\n  restricted: true\n  nofailback: false");
  }

  private static String manifests(String ns) {
    StringBuilder b = new StringBuilder(Manifests.cluster());
    DOMAINS.forEach(
        (name, flags) -> {
          String members =
              name.equals("unrestricted")
                  ? "    - node: node-1\n      priority: 1\n"
                  : "    - node: node-1\n      priority: 1\n    - node: node-2\n      priority: 2\n";
          b.append("apiVersion: rgmanager.dev/v1alpha1\nkind: FailoverDomain\n")
              .append("metadata:\n  name: ")
              .append(name)
              .append("\n  namespace: ")
              .append(ns)
              .append("\nspec:\n  ")
              .append(flags)
              .append("\n  members:\n")
              .append(members)
              .append("---\n")
              .append(Manifests.appService(ns, name, name));
        });
    return b.toString();
  }

  private static List<String> podNodes(KubernetesClient c, String ns, String service) {
    return c
        .pods()
        .inNamespace(ns)
        .withLabel("rgmanager.dev/service", service)
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .map(Pod::getSpec)
        .map(s -> s.getNodeName())
        .toList();
  }

  private static void awaitOn(KubernetesClient c, String ns, String service, String node) {
    Await.until(
        service + " started on " + node,
        WAIT,
        () -> where(c, ns, service),
        ("STARTED@" + node)::equals);
    Await.until(
        service + "'s pod on " + node,
        WAIT,
        () -> podNodes(c, ns, service),
        nodes -> nodes.equals(List.of(node)));
  }

  @Test
  void eachKindOfDomainFailsOverAndFailsBackAsTheSeedSays(
      KubernetesClient c, TestNamespace ns, ControlPlane cp) throws Exception {
    Manifests.apply(c, manifests(ns.name()));
    String n = ns.name();
    try (OperatorProcess operator = OperatorProcess.start(cp.kubeconfig(), "domains")) {
      for (String s : List.of("ordered-failback", "ordered-nofailback", "unrestricted", "frozen")) {
        awaitOn(c, n, s, "node-1");
      }
      String unorderedHome =
          Await.until(
              "unordered started",
              WAIT,
              () -> where(c, n, "unordered"),
              w -> w.equals("STARTED@node-1") || w.equals("STARTED@node-2"));
      Plugin.Result freeze = new Plugin(cp.kubeconfig()).run("freeze", n + "/frozen");
      assertThat(freeze.exit()).as(freeze.toString()).isZero();

      // node-1 is lost; the administrator acknowledges it is off.
      loseAndAcknowledge(c, cp, "node-1");

      awaitOn(c, n, "ordered-failback", "node-2");
      awaitOn(c, n, "ordered-nofailback", "node-2");
      awaitOn(c, n, "unordered", "node-2");
      // Unrestricted, no member online: any online node.
      String unrestricted =
          Await.until(
              "unrestricted runs elsewhere",
              WAIT,
              () -> where(c, n, "unrestricted"),
              w -> w.equals("STARTED@node-2") || w.equals("STARTED@node-3"));
      // Frozen: no failover, whatever happens to its node.
      Await.holds(
          "frozen stays where it was",
          Duration.ofSeconds(5),
          () -> where(c, n, "frozen"),
          w -> w.endsWith("@node-1"));
      assertThat(podNodes(c, n, "frozen")).doesNotContain("node-2", "node-3");

      // node-1 returns.
      cp.recoverNode("node-1");
      Await.until(
          "node-1 online",
          WAIT,
          () -> member(c, "node-1"),
          m -> m != null && m.state() == MemberState.ONLINE);
      awaitOn(c, n, "ordered-failback", "node-1");
      awaitOn(c, n, "unrestricted", "node-1");
      Await.holds(
          "nofailback and unordered stay on node-2",
          Duration.ofSeconds(6),
          () -> List.of(where(c, n, "ordered-nofailback"), where(c, n, "unordered")),
          w -> w.equals(List.of("STARTED@node-2", "STARTED@node-2")));
      assertThat(unorderedHome).isNotNull();
      assertThat(unrestricted).isNotNull();
    } finally {
      cp.recoverNode("node-1");
      c.resources(HACluster.class).withName("e2e").delete();
    }
  }
}
