package dev.rgmanager.operator.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.DomainMember;
import dev.rgmanager.api.v1alpha1.FailoverDomain;
import dev.rgmanager.api.v1alpha1.MemberState;
import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.Manifests;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Failover domains: a domain resolves its named and selected members and counts those online; one
 * service per kind of domain (ordered with and without failback, unordered, unrestricted, frozen)
 * through a node's loss, fencing and return, each as the seed says.
 */
@ReconcilerTest
class DomainReconcilerTest {
  /** Service name to its domain's flags. */
  private static final Map<String, String> DOMAINS = new LinkedHashMap<>();

  static {
    DOMAINS.put("ordered-failback", "ordered: true\n  restricted: true\n  nofailback: false");
    DOMAINS.put("ordered-nofailback", "ordered: true\n  restricted: true\n  nofailback: true");
    DOMAINS.put("unordered", "ordered: false\n  restricted: true\n  nofailback: false");
    DOMAINS.put("unrestricted", "ordered: true\n  restricted: false\n  nofailback: false");
    DOMAINS.put("frozen", "ordered: true\n  restricted: true\n  nofailback: false");
  }

  /** Each service in a domain of its own name: node-1 then node-2 (unrestricted: node-1 only). */
  private static String manifests() {
    StringBuilder b = new StringBuilder(Manifests.IN_PROCESS.cluster(true));
    DOMAINS.forEach(
        (name, flags) -> {
          String members =
              name.equals("unrestricted")
                  ? "    - node: node-1\n      priority: 1\n"
                  : "    - node: node-1\n      priority: 1\n    - node: node-2\n      priority: 2\n";
          b.append("apiVersion: rgmanager.dev/v1alpha1\nkind: FailoverDomain\n")
              .append("metadata:\n  name: ")
              .append(name)
              .append("\n  namespace: NS\nspec:\n  ")
              .append(flags)
              .append("\n  members:\n")
              .append(members)
              .append("---\n")
              .append(Manifests.IN_PROCESS.appService("NS", name, name));
        });
    return b.toString();
  }

  private static void awaitOn(LiveCluster live, String service, String node) {
    Await.IN_PROCESS.until(
        service + " started on " + node, () -> live.where(service), ("STARTED@" + node)::equals);
    Await.IN_PROCESS.until(
        service + "'s pod on " + node,
        () -> live.podNodes(service),
        nodes -> nodes.equals(List.of(node)));
  }

  @Test
  void aDomainResolvesItsNamedAndSelectedMembersAndCountsThoseOnline(LiveCluster live) {
    live.apply(
        Manifests.IN_PROCESS.cluster(false)
            + """
            apiVersion: rgmanager.dev/v1alpha1
            kind: FailoverDomain
            metadata:
              name: picked
              namespace: NS
            spec:
              ordered: true
              restricted: true
              selectorPriority: 5
              nodeSelector:
                kubernetes.io/hostname: node-3
              members:
                - node: node-2
                  priority: 1
            ---
            """
            + Manifests.IN_PROCESS.appService("NS", "foo", "picked"));
    FailoverDomain domain =
        Await.IN_PROCESS.until(
            "the domain resolved",
            () ->
                live.client()
                    .resources(FailoverDomain.class)
                    .inNamespace(live.namespace())
                    .withName("picked")
                    .get(),
            d -> d.getStatus().resolved());
    assertThat(domain.getStatus().resolvedMembers())
        .containsExactly(new DomainMember("node-2", 1), new DomainMember("node-3", 5));
    assertThat(domain.getStatus().onlineMembers()).isEqualTo(2);
    assertThat(domain.getStatus().conditions())
        .anySatisfy(
            c -> {
              assertThat(c.type()).isEqualTo("Ready");
              assertThat(c.status()).isEqualTo("True");
            });
    // The best resolved member, though node-1 is online and not in the domain.
    Await.IN_PROCESS.until(
        "foo started on node-2", () -> live.where("foo"), "STARTED@node-2"::equals);
  }

  @Test
  void eachKindOfDomainFailsOverAndFailsBackAsTheSeedSays(LiveCluster live) {
    live.apply(manifests());
    for (String s : List.of("ordered-failback", "ordered-nofailback", "unrestricted", "frozen")) {
      awaitOn(live, s, "node-1");
    }
    Await.IN_PROCESS.until(
        "unordered started",
        () -> live.where("unordered"),
        w -> w.equals("STARTED@node-1") || w.equals("STARTED@node-2"));
    live.client()
        .resources(dev.rgmanager.api.v1alpha1.ClusterService.class)
        .inNamespace(live.namespace())
        .withName("frozen")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"frozen\":true}}");
    Await.IN_PROCESS.until(
        "frozen frozen",
        () -> live.condition("frozen", "Frozen"),
        c -> c != null && "True".equals(c.status()));

    // node-1 is lost and fenced (the scripted fencer answers at once).
    live.failNode("node-1");
    Await.IN_PROCESS.until(
        "node-1 fenced", () -> live.member("node-1"), m -> m.state() == MemberState.FENCED);
    awaitOn(live, "ordered-failback", "node-2");
    awaitOn(live, "ordered-nofailback", "node-2");
    awaitOn(live, "unordered", "node-2");
    // Unrestricted, no member online: any online node.
    Await.IN_PROCESS.until(
        "unrestricted runs elsewhere",
        () -> live.where("unrestricted"),
        w -> w.equals("STARTED@node-2") || w.equals("STARTED@node-3"));
    // Frozen: no failover, whatever happens to its node.
    assertThat(live.where("frozen")).endsWith("@node-1");

    live.recoverNode("node-1");
    Await.IN_PROCESS.until(
        "node-1 online", () -> live.member("node-1"), m -> m.state() == MemberState.ONLINE);
    awaitOn(live, "ordered-failback", "node-1");
    awaitOn(live, "unrestricted", "node-1");
    Await.IN_PROCESS.holds(
        "nofailback and unordered stay on node-2",
        Duration.ofSeconds(2),
        () -> List.of(live.where("ordered-nofailback"), live.where("unordered")),
        w -> w.equals(List.of("STARTED@node-2", "STARTED@node-2")));
    assertThat(live.podNodes("frozen")).doesNotContain("node-2", "node-3");
  }
}
