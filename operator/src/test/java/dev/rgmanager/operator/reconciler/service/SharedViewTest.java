package dev.rgmanager.operator.reconciler.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.operator.core.ClusterView;
import dev.rgmanager.operator.core.ServiceFacts;
import dev.rgmanager.operator.core.State;
import dev.rgmanager.operator.reconciler.ClusterFacts;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The shared view maps the services again only after the informers saw a service or a domain
 * change, and follows membership without mapping them again.
 */
class SharedViewTest {
  private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");

  private static HACluster cluster(String version, String node2) {
    HACluster c =
        Serialization.unmarshal(
            """
            apiVersion: rgmanager.dev/v1alpha1
            kind: HACluster
            metadata: {name: c, uid: u1}
            spec: {nodes: [{name: node-1}, {name: node-2}]}
            status:
              quorate: true
              members:
                - {name: node-1, state: online}
                - {name: node-2, state: STATE2}
            """
                .replace("STATE2", node2),
            HACluster.class);
    c.getMetadata().setResourceVersion(version);
    return c;
  }

  private static ClusterService service(String name, String owner) {
    ClusterService s = parse(name, owner);
    s.getMetadata().setUid("uid-" + name);
    // Each owner a version of the object, as the API server would number them.
    s.getMetadata().setResourceVersion(String.valueOf(owner.hashCode()));
    return s;
  }

  private static ClusterService parse(String name, String owner) {
    return Serialization.unmarshal(
        """
        apiVersion: rgmanager.dev/v1alpha1
        kind: ClusterService
        metadata: {name: NAME, namespace: ha}
        spec: {resources: [{name: ip, ip: {ports: [{port: 80}]}}]}
        status: {state: started, owner: OWNER}
        """
            .replace("NAME", name)
            .replace("OWNER", owner),
        ClusterService.class);
  }

  private static ClusterFacts facts(HACluster c) {
    return ClusterFacts.of(List.of(c), List.of());
  }

  @Test
  void servicesAreMappedAgainOnlyAfterAChange() {
    SharedView shared = new SharedView();
    AtomicInteger listed = new AtomicInteger();
    List<ClusterService> before = List.of(service("a", "node-1"));
    List<ClusterService> after = List.of(service("a", "node-2"));
    var facts = facts(cluster("1", "online"));

    ClusterView first = shared.of(facts, 5, 1, () -> count(listed, before), NOW);
    ClusterView unchanged = shared.of(facts, 5, 1, () -> count(listed, after), NOW);
    assertThat(unchanged).isSameAs(first);
    assertThat(listed).hasValue(1);
    assertThat(first.ownedBy("node-1")).extracting(s -> s.id()).containsExactly("ha/a");

    ClusterView changed = shared.of(facts, 6, 1, () -> count(listed, after), NOW);
    assertThat(listed).hasValue(2);
    assertThat(changed.ownedBy("node-1")).isEmpty();
    assertThat(changed.ownedBy("node-2")).extracting(s -> s.id()).containsExactly("ha/a");

    shared.of(facts, 6, 2, () -> count(listed, after), NOW);
    assertThat(listed).as("a domain change maps the services again").hasValue(3);
  }

  @Test
  void onlyChangedServicesAreMappedAgain() {
    SharedView shared = new SharedView();
    var facts = facts(cluster("1", "online"));
    ClusterService a = service("a", "node-1");
    ClusterService b = service("b", "node-1");
    ClusterView first = shared.of(facts, 1, 1, () -> List.of(a, b), NOW);
    ClusterView second = shared.of(facts, 2, 1, () -> List.of(a, service("b", "node-2")), NOW);
    assertThat(second.service("ha/a")).isSameAs(first.service("ha/a"));
    assertThat(second.service("ha/b")).isNotSameAs(first.service("ha/b"));
    assertThat(second.service("ha/b").owner()).isEqualTo("node-2");
  }

  @Test
  void membershipFollowsTheClusterWithoutMappingServicesAgain() {
    SharedView shared = new SharedView();
    AtomicInteger listed = new AtomicInteger();
    List<ClusterService> services = List.of(service("a", "node-2"));

    ClusterView online =
        shared.of(facts(cluster("1", "online")), 1, 1, () -> count(listed, services), NOW);
    assertThat(online.online("node-2")).isTrue();

    ClusterView fenced =
        shared.of(facts(cluster("2", "fenced")), 1, 1, () -> count(listed, services), NOW);
    assertThat(fenced.online("node-2")).isFalse();
    assertThat(fenced.fenced("node-2")).isTrue();
    assertThat(fenced.ownedBy("node-2")).extracting(s -> s.id()).containsExactly("ha/a");
    assertThat(listed).hasValue(1);
  }

  /**
   * Two services deciding one after the other, before the informers saw the first one's status
   * write: the second sees the first where it decided to start (an exclusive service among them
   * would otherwise share the node it took), until the informers hold the write.
   */
  @Test
  void aDecisionStandsInTheViewUntilTheInformersHoldItsWrite() {
    SharedView shared = new SharedView();
    var facts = facts(cluster("1", "online"));
    ClusterService solo = stopped("solo", "10");
    List<ClusterService> cache = List.of(solo);
    ClusterView before = shared.of(facts, 1, 1, () -> cache, NOW);
    assertThat(before.ownedBy("node-1")).isEmpty();

    ServiceFacts decided =
        before.service("ha/solo").withStatus(State.STARTING, "node-1", null, List.of());
    shared.claim(decided, "10", NOW);
    assertThat(shared.of(facts, 1, 1, () -> cache, NOW).ownedBy("node-1"))
        .as("the decision, before its status is written")
        .extracting(ServiceFacts::id)
        .containsExactly("ha/solo");

    shared.written("ha/solo", "11");
    assertThat(shared.of(facts, 2, 1, () -> cache, NOW).ownedBy("node-1"))
        .as("written, but the informers still hold version 10")
        .extracting(ServiceFacts::id)
        .containsExactly("ha/solo");

    ClusterService seen = service("solo", "node-1");
    seen.getMetadata().setResourceVersion("11");
    ClusterView caught = shared.of(facts, 3, 1, () -> List.of(seen), NOW);
    assertThat(caught.ownedBy("node-1")).extracting(ServiceFacts::id).containsExactly("ha/solo");
    assertThat(caught.service("ha/solo"))
        .as("the informers' copy, the claim done")
        .isNotSameAs(decided);

    // The informers later see solo stopped: no claim is left to hide it.
    ClusterService stoppedAgain = stopped("solo", "12");
    assertThat(shared.of(facts, 4, 1, () -> List.of(stoppedAgain), NOW).ownedBy("node-1"))
        .isEmpty();
  }

  @Test
  void aClaimWhoseWriteFailedOrWasNeverConfirmedIsForgotten() {
    SharedView shared = new SharedView();
    var facts = facts(cluster("1", "online"));
    List<ClusterService> cache = List.of(stopped("solo", "10"));
    ServiceFacts decided =
        shared
            .of(facts, 1, 1, () -> cache, NOW)
            .service("ha/solo")
            .withStatus(State.STARTING, "node-1", null, List.of());

    shared.claim(decided, "10", NOW);
    shared.withdraw("ha/solo");
    assertThat(shared.of(facts, 1, 1, () -> cache, NOW).ownedBy("node-1"))
        .as("withdrawn")
        .isEmpty();

    shared.claim(decided, "10", NOW);
    assertThat(
            shared
                .of(facts, 1, 1, () -> cache, NOW.plus(SharedView.CLAIM_KEPT).plusSeconds(1))
                .ownedBy("node-1"))
        .as("kept no longer than %s", SharedView.CLAIM_KEPT)
        .isEmpty();

    shared.claim(decided, "10", NOW);
    List<ClusterService> newer = List.of(stopped("solo", "12"));
    assertThat(shared.of(facts, 2, 1, () -> newer, NOW).ownedBy("node-1"))
        .as("the informers hold a copy newer than the one decided from: the write will conflict")
        .isEmpty();
  }

  private static ClusterService stopped(String name, String version) {
    ClusterService s =
        Serialization.unmarshal(
            """
            apiVersion: rgmanager.dev/v1alpha1
            kind: ClusterService
            metadata: {name: NAME, namespace: ha, uid: uid-NAME}
            spec: {exclusive: true, resources: [{name: ip, ip: {ports: [{port: 80}]}}]}
            status: {state: stopped}
            """
                .replace("NAME", name),
            ClusterService.class);
    s.getMetadata().setResourceVersion(version);
    return s;
  }

  private static List<ClusterService> count(AtomicInteger listed, List<ClusterService> services) {
    listed.incrementAndGet();
    return services;
  }
}
