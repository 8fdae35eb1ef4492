package dev.rgmanager.operator.reconciler.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.HACluster;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A membership change wakes the services it concerns, not every service of the cluster. */
class MembershipWakeUpTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final String LONG_AGO = "2026-11-23T11:00:00Z";
  private static final String JUST_NOW = "2026-11-23T11:59:55Z";
  private static final String NEW_CLUSTER =
      """
      apiVersion: rgmanager.dev/v1alpha1
      kind: HACluster
      metadata: {name: c, generation: 1}
      spec: {nodes: [{name: node-1}, {name: node-2}, {name: node-3}]}
      """;

  private static HACluster cluster(boolean quorate, String node2State, String node1Since) {
    return Serialization.unmarshal(
        """
        apiVersion: rgmanager.dev/v1alpha1
        kind: HACluster
        metadata: {name: c}
        spec: {nodes: [{name: node-1}, {name: node-2}, {name: node-3}]}
        status:
          quorate: QUORATE
          quorumTransitionTime: "LONG_AGO"
          members:
            - {name: node-1, state: online, lastTransitionTime: "SINCE"}
            - {name: node-2, state: STATE2, lastTransitionTime: "LONG_AGO"}
            - {name: node-3, state: online, lastTransitionTime: "LONG_AGO"}
        """
            .replace("QUORATE", String.valueOf(quorate))
            .replace("STATE2", node2State)
            .replace("SINCE", node1Since)
            .replace("LONG_AGO", LONG_AGO),
        HACluster.class);
  }

  private static ClusterService service(String state, String owner) {
    return Serialization.unmarshal(
        """
        apiVersion: rgmanager.dev/v1alpha1
        kind: ClusterService
        metadata: {name: s, namespace: ha}
        spec: {resources: [{name: ip, ip: {ports: [{port: 80}]}}]}
        status: {state: STATE, owner: OWNER}
        """
            .replace("STATE", state)
            .replace("OWNER", owner),
        ClusterService.class);
  }

  @Test
  void aLostNodeWakesItsServicesAndThoseNotStartedOnly() {
    var affected = ServiceEventSources.affectedBy(cluster(true, "fenced", LONG_AGO), NOW);
    assertThat(affected.test(service("started", "node-2"))).isTrue();
    assertThat(affected.test(service("stopped", "node-1"))).isTrue();
    assertThat(affected.test(service("started", "node-1"))).isFalse();
    assertThat(affected.test(service("started", "node-3"))).isFalse();
  }

  @Test
  void aRecentJoinWakesEveryServiceForFailback() {
    var affected = ServiceEventSources.affectedBy(cluster(true, "online", JUST_NOW), NOW);
    assertThat(affected.test(service("started", "node-3"))).isTrue();
  }

  @Test
  void lostQuorumWakesEveryService() {
    var affected = ServiceEventSources.affectedBy(cluster(false, "offline", LONG_AGO), NOW);
    assertThat(affected.test(service("started", "node-3"))).isTrue();
  }

  /** A cluster membership has not decided yet wakes every service, and a new service too. */
  @Test
  void aNewClusterWakesEveryService() {
    var affected = ServiceEventSources.affectedBy(new HACluster(), NOW);
    assertThat(affected.test(service("started", "node-3"))).isTrue();
    var decided = ServiceEventSources.affectedBy(cluster(true, "online", LONG_AGO), NOW);
    assertThat(decided.test(new ClusterService())).isTrue();
  }

  /**
   * A new cluster's first decision changes what services see of it, whether the cluster was read
   * without a status or with an empty one.
   */
  @Test
  void theFirstDecisionChangesTheMembershipSignature() {
    HACluster none = Serialization.unmarshal(NEW_CLUSTER, HACluster.class);
    HACluster empty = Serialization.unmarshal(NEW_CLUSTER + "status: {}\n", HACluster.class);
    HACluster decided = cluster(true, "online", LONG_AGO);
    decided.getMetadata().setGeneration(1L);
    assertThat(ServiceEventSources.membershipSignature(none))
        .isEqualTo(ServiceEventSources.membershipSignature(empty))
        .isNotEqualTo(ServiceEventSources.membershipSignature(decided));
  }
}
