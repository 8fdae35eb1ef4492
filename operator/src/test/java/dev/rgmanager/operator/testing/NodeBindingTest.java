package dev.rgmanager.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeBindingTest {
  private static Node node(String name, boolean ready, boolean cordoned, String taintEffect) {
    NodeBuilder b =
        new NodeBuilder()
            .withNewMetadata()
            .withName(name)
            .withLabels(Map.of("kubernetes.io/hostname", name, "zone", "a"))
            .endMetadata()
            .withNewSpec()
            .withUnschedulable(cordoned)
            .endSpec()
            .withNewStatus()
            .addNewCondition()
            .withType("Ready")
            .withStatus(ready ? "True" : "Unknown")
            .endCondition()
            .endStatus();
    if (taintEffect != null) {
      b.editSpec()
          .addNewTaint()
          .withKey("node.kubernetes.io/out-of-service")
          .withValue("nodeshutdown")
          .withEffect(taintEffect)
          .endTaint()
          .endSpec();
    }
    return b.build();
  }

  private static final List<Node> NODES =
      List.of(
          node("node-3", true, false, null),
          node("node-1", true, false, null),
          node("node-2", true, false, null));

  @Test
  void theNodeOfTheSelector() {
    assertThat(
            NodeBinding.choose(Map.of("kubernetes.io/hostname", "node-2"), List.of(), null, NODES)
                .node())
        .contains("node-2");
  }

  @Test
  void ofSeveralTheFirstByNameAndNeverTheExcludedSource() {
    assertThat(NodeBinding.choose(Map.of("zone", "a"), List.of(), null, NODES).node())
        .contains("node-1");
    assertThat(NodeBinding.choose(Map.of("zone", "a"), List.of(), "node-1", NODES).node())
        .contains("node-2");
  }

  @Test
  void noneWhenNotReadyCordonedTaintedOrUnmatched() {
    Map<String, String> on1 = Map.of("kubernetes.io/hostname", "node-1");
    for (Node n :
        List.of(
            node("node-1", false, false, null),
            node("node-1", true, true, null),
            node("node-1", true, false, "NoExecute"),
            node("node-1", true, false, "NoSchedule"))) {
      NodeBinding.Choice c = NodeBinding.choose(on1, List.of(), null, List.of(n));
      assertThat(c.node()).isEqualTo(Optional.empty());
      assertThat(c.why()).contains("none matches");
    }
    assertThat(NodeBinding.choose(Map.of("zone", "b"), List.of(), null, NODES).node()).isEmpty();
    assertThat(NodeBinding.choose(on1, List.of(), "node-1", NODES).node()).isEmpty();
  }

  @Test
  void aRequiredNodeAffinityTermMustSelectTheNode() {
    var notNode1 =
        new io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder()
            .addNewMatchExpression()
            .withKey("kubernetes.io/hostname")
            .withOperator("NotIn")
            .withValues("node-1")
            .endMatchExpression()
            .build();
    var byName =
        new io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder()
            .addNewMatchField()
            .withKey("metadata.name")
            .withOperator("In")
            .withValues("node-3")
            .endMatchField()
            .build();
    assertThat(NodeBinding.choose(Map.of(), List.of(notNode1), List.of(), null, NODES).node())
        .contains("node-2");
    assertThat(NodeBinding.choose(Map.of(), List.of(byName), List.of(), null, NODES).node())
        .contains("node-3");
    assertThat(
            NodeBinding.choose(
                    Map.of("kubernetes.io/hostname", "node-1"),
                    List.of(notNode1),
                    List.of(),
                    null,
                    NODES)
                .node())
        .isEmpty();
  }

  @Test
  void aToleratedTaintDoesNotRepel() {
    Node tainted = node("node-1", true, false, "NoExecute");
    Map<String, String> on1 = Map.of("kubernetes.io/hostname", "node-1");
    assertThat(
            NodeBinding.choose(
                    on1,
                    List.of(
                        Map.of("key", "node.kubernetes.io/out-of-service", "operator", "Exists")),
                    null,
                    List.of(tainted))
                .node())
        .contains("node-1");
    assertThat(
            NodeBinding.choose(
                    on1,
                    List.of(
                        Map.of(
                            "key",
                            "node.kubernetes.io/out-of-service",
                            "value",
                            "other",
                            "effect",
                            "NoExecute")),
                    null,
                    List.of(tainted))
                .node())
        .isEmpty();
  }
}
