package dev.rgmanager.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterNode;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.api.v1alpha1.MemberStatus;
import dev.rgmanager.operator.membership.MembershipChange;
import dev.rgmanager.operator.membership.MembershipResult;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a membership decision asks to be done, worked out before it is recorded and done. */
class MembershipPlanTest {
  private static final HACluster CLUSTER =
      Serialization.unmarshal(
          """
          apiVersion: rgmanager.dev/v1alpha1
          kind: HACluster
          metadata: {name: c}
          spec:
            nodes:
              - {name: node-1, fenceMethods: [{name: power, devices: [{device: bmc-1}]}]}
              - {name: node-2, fenceMethods: [{name: power, devices: [{device: bmc-2}]}]}
              - {name: node-3, fenceMethods: [{name: power, devices: [{device: bmc-3}]}]}
              - {name: node-4}
          status:
            members:
              - {name: node-1, state: online}
              - {name: node-2, state: fenced}
              - {name: node-3, state: online}
              - {name: node-4, state: fenced}
          """,
          HACluster.class);

  private static MemberStatus member(String name, String state) {
    return Serialization.unmarshal(
        "{\"name\": \"" + name + "\", \"state\": \"" + state + "\"}", MemberStatus.class);
  }

  private static Node node(String name) {
    return new NodeBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  @Test
  void eachMemberGetsWhatItsStateAsksFor() {
    // node-1 lost and to be fenced, node-2 back after a fence, node-3 online, node-4 fenced.
    MembershipResult result =
        new MembershipResult(
            List.of(
                member("node-1", "fencing"),
                member("node-2", "online"),
                member("node-3", "online"),
                member("node-4", "fenced")),
            true,
            3,
            4,
            3,
            0,
            Instant.EPOCH,
            List.of(new MembershipChange(MembershipChange.Kind.JOINED, "node-2", "joined")),
            false);
    Map<String, Node> nodes =
        Map.of(
            "node-1", node("node-1"),
            "node-2", node("node-2"),
            "node-3", node("node-3"),
            "node-4", node("node-4"));
    Set<String> tainted = Set.of("node-2");
    MembershipPlan plan =
        MembershipPlan.of(
            result,
            nodes,
            CLUSTER.getSpec(),
            CLUSTER.getStatus(),
            n -> tainted.contains(n.getMetadata().getName()));

    assertThat(plan.fence()).extracting(ClusterNode::name).containsExactly("node-1");
    assertThat(plan.stopFencing()).containsExactly("node-2", "node-3", "node-4");
    assertThat(plan.forget()).containsExactly("node-2", "node-3");
    assertThat(plan.unfence()).extracting(ClusterNode::name).containsExactly("node-2");
    assertThat(plan.untaint()).extracting(n -> n.getMetadata().getName()).containsExactly("node-2");
    assertThat(plan.taint()).containsExactly("node-4");
    assertThat(plan.fenced())
        .containsEntry("node-4", true)
        .containsEntry("node-1", false)
        .containsEntry("node-2", false);
  }

  @Test
  void aMemberThatJoinsWithoutHavingBeenFencedIsNotUnfenced() {
    MembershipResult result =
        new MembershipResult(
            List.of(member("node-3", "online")),
            true,
            1,
            1,
            1,
            0,
            Instant.EPOCH,
            List.of(new MembershipChange(MembershipChange.Kind.JOINED, "node-3", "joined")),
            false);
    MembershipPlan plan =
        MembershipPlan.of(
            result,
            Map.of("node-3", node("node-3")),
            CLUSTER.getSpec(),
            CLUSTER.getStatus(),
            n -> false);
    assertThat(plan.unfence()).isEmpty();
    assertThat(plan.untaint()).isEmpty();
  }
}
