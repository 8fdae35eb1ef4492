package dev.rgmanager.operator.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.Condition;
import dev.rgmanager.operator.testing.Await;
import dev.rgmanager.operator.testing.Manifests;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Node maintenance the Kubernetes way: {@code kubectl drain} (the real kubectl, against the real
 * API server) cordons a node, the member goes into standby, and each service's eviction guard
 * refuses the drain's evictions while the operator moves the service itself: children stopped first
 * on the drained node, parents started first on the next legal member, never a restart in place.
 * The drain completes once the pods are gone; a service that no other member can run makes it wait,
 * saying why; an uncordon ends the standby and the ordered domain fails back.
 */
@ReconcilerTest
class MaintenanceReconcilerTest {

  /** A tree (ledger, with its agent as a child), preferring node-1 then node-3. */
  private static final String LEDGER =
      """
      apiVersion: rgmanager.dev/v1alpha1
      kind: FailoverDomain
      metadata:
        name: one-three
        namespace: NS
      spec:
        ordered: true
        restricted: true
        members:
          - node: node-1
            priority: 1
          - node: node-3
            priority: 2
      ---
      apiVersion: rgmanager.dev/v1alpha1
      kind: ClusterService
      metadata:
        name: ledger
        namespace: NS
      spec:
        domain: one-three
        statusInterval: 1s
        resources:
          - name: server
            app:
              template:
                spec:
                  containers:
                    - name: app
                      image: registry.k8s.io/pause:3.10
            children:
              - name: agent
                app:
                  template:
                    spec:
                      containers:
                        - name: app
                          image: registry.k8s.io/pause:3.10
      ---
      """;

  /** One pod event as a watch saw it: which pod of which resource, on which node, in what order. */
  private record Seen(String action, String resource, String node) {}

  @Test
  void aDrainMovesEachServiceOnceInTreeOrderAndWaitsForOneThatCannotMove(LiveCluster live)
      throws Exception {
    List<String> shared = live.watchSharedNodes();
    live.apply(Manifests.IN_PROCESS.cluster(true) + LEDGER);
    Await.IN_PROCESS.until(
        "ledger on node-1", () -> live.where("ledger"), "STARTED@node-1"::equals);
    // Exclusive, no domain: the emptiest node first by name, node-2.
    live.apply(Manifests.IN_PROCESS.appService("NS", "solo", null, "exclusive: true"));
    Await.IN_PROCESS.until("solo on node-2", () -> live.where("solo"), "STARTED@node-2"::equals);
    List<Seen> ledgerPods = watch(live, "ledger");
    // A new watch first lists what exists: the two pods on node-1. Only what follows is the move.
    Await.IN_PROCESS.until(
        "the watch has listed ledger's pods", () -> ledgerPods.size(), n -> n == 2);
    ledgerPods.clear();

    LiveCluster.Drain drain = drain(live, "node-1");
    assertThat(drain.process().waitFor(60, TimeUnit.SECONDS))
        .as("the drain of node-1 completes")
        .isTrue();
    String out = drain.output();
    assertThat(drain.process().exitValue()).as(out).isZero();
    assertThat(out).contains("node/node-1 drained");
    Await.IN_PROCESS.until(
        "ledger on node-3", () -> live.where("ledger"), "STARTED@node-3"::equals);
    assertThat(live.member("node-1").standbyOrDefault()).isTrue();
    // Children first off node-1, parents first onto node-3, and nothing ever again on node-1.
    List<Seen> order = List.copyOf(ledgerPods);
    assertThat(order)
        .filteredOn(s -> s.action().equals("DELETED"))
        .extracting(Seen::resource, Seen::node)
        .startsWith(
            org.assertj.core.groups.Tuple.tuple("agent", "node-1"),
            org.assertj.core.groups.Tuple.tuple("server", "node-1"));
    assertThat(order)
        .filteredOn(s -> s.action().equals("ADDED"))
        .extracting(Seen::resource, Seen::node)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("server", "node-3"),
            org.assertj.core.groups.Tuple.tuple("agent", "node-3"));
    assertThat(live.service("ledger").getStatus().restartsOrEmpty())
        .as("a move, not a restart")
        .isEmpty();
    Await.IN_PROCESS.until(
        "the standby is an Event",
        () -> live.eventReasons("HACluster", live.clusterName()),
        r -> r.contains("NodeStandby"));

    // solo is exclusive: node-1 is in standby, node-3 runs ledger. Its drain waits, and says why.
    LiveCluster.Drain stuck = drain(live, "node-2");
    Condition cannot =
        Await.IN_PROCESS.until(
            "solo says why it stays",
            () -> live.condition("solo", "CannotMove"),
            c -> c != null && "True".equals(c.status()));
    assertThat(cannot.message())
        .isEqualTo(
            "node-2 is in standby, but no other node can run "
                + live.namespace()
                + "/solo: it stays on node-2 until one can");
    Await.IN_PROCESS.until(
        "a Warning Event says it too",
        () -> live.eventReasons("ClusterService", "solo"),
        r -> r.contains("CannotMove"));
    Await.IN_PROCESS.holds(
        "solo keeps running on node-2 while the drain waits",
        Duration.ofSeconds(3),
        () -> live.where("solo") + " " + live.podNodes("solo") + " " + stuck.process().isAlive(),
        "STARTED@node-2 [node-2] true"::equals);

    // node-1 back from maintenance: a node is free for solo again, either node-1 itself or node-3
    // once ledger fails back (ordered) to node-1, whichever reconcile decides first; each is legal,
    // and the other sees it (decisions are taken one at a time). The drain of node-2 then
    // completes.
    uncordon(live, "node-1");
    Await.IN_PROCESS.until(
        "solo and ledger settled apart, solo off node-2",
        () -> live.where("solo") + " " + live.where("ledger"),
        w ->
            w.equals("STARTED@node-1 STARTED@node-3") || w.equals("STARTED@node-3 STARTED@node-1"));
    assertThat(stuck.process().waitFor(60, TimeUnit.SECONDS))
        .as("the drain of node-2 completes")
        .isTrue();
    assertThat(stuck.process().exitValue()).as(stuck.output()).isZero();
    Condition freed = live.condition("solo", "CannotMove");
    assertThat(freed.status()).isEqualTo("False");
    assertThat(live.service("solo").getStatus().restartsOrEmpty()).isEmpty();
    assertThat(shared).as("moments solo, exclusive, shared a node").isEmpty();
  }

  private LiveCluster.Drain drain(LiveCluster live, String node) throws IOException {
    return live.drain(node, "rgmanager.dev/service in (ledger,solo)");
  }

  private static void uncordon(LiveCluster live, String node) {
    live.client()
        .nodes()
        .withName(node)
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            "{\"spec\":{\"unschedulable\":null}}");
  }

  private static List<Seen> watch(LiveCluster live, String service) {
    List<Seen> seen = new CopyOnWriteArrayList<>();
    Watch w =
        live.client()
            .pods()
            .inNamespace(live.namespace())
            .withLabel("rgmanager.dev/service", service)
            .watch(
                new Watcher<Pod>() {
                  @Override
                  public void eventReceived(Action action, Pod pod) {
                    if (action == Action.ADDED || action == Action.DELETED) {
                      seen.add(
                          new Seen(
                              action.name(),
                              pod.getMetadata().getLabels().get("rgmanager.dev/resource"),
                              pod.getSpec().getNodeName()));
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
    live.onClose(w);
    return seen;
  }
}
