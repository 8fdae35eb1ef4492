package dev.rgmanager.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** The taint is added or removed by one JSON patch that touches no other taint. */
class OutOfServiceTaintTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Node node(String taints) {
    return Serialization.unmarshal(
        "apiVersion: v1\nkind: Node\nmetadata: {name: node-1}\nspec: {taints: " + taints + "}\n",
        Node.class);
  }

  @Test
  void addingToANodeWithoutTaintsCreatesTheList() throws Exception {
    JsonNode ops = JSON.readTree(OutOfServiceTaint.patch(node("null"), true));
    assertThat(ops).hasSize(1);
    assertThat(ops.get(0).get("op").asText()).isEqualTo("add");
    assertThat(ops.get(0).get("path").asText()).isEqualTo("/spec/taints");
    JsonNode taint = ops.get(0).get("value").get(0);
    assertThat(taint.get("key").asText()).isEqualTo("node.kubernetes.io/out-of-service");
    assertThat(taint.get("effect").asText()).isEqualTo("NoExecute");
  }

  @Test
  void aPatchFailsRatherThanOverwriteANodeChangedSinceItWasRead() throws Exception {
    Node n = node("null");
    n.getMetadata().setResourceVersion("42");
    JsonNode ops = JSON.readTree(OutOfServiceTaint.patch(n, true));
    assertThat(ops.get(0).get("op").asText()).isEqualTo("test");
    assertThat(ops.get(0).get("path").asText()).isEqualTo("/metadata/resourceVersion");
    assertThat(ops.get(0).get("value").asText()).isEqualTo("42");
  }

  @Test
  void addingAppendsAfterATestOfTheLastTaint() {
    String patch =
        OutOfServiceTaint.patch(node("[{key: dedicated, value: db, effect: NoSchedule}]"), true);
    assertThat(patch)
        .contains("{\"op\":\"test\",\"path\":\"/spec/taints/0\"")
        .contains("\"key\":\"dedicated\"")
        .contains("{\"op\":\"add\",\"path\":\"/spec/taints/-\"");
  }

  @Test
  void removingTestsAndRemovesOnlyTheOutOfServiceTaint() {
    Node n =
        node(
            "[{key: dedicated, value: db, effect: NoSchedule},"
                + " {key: node.kubernetes.io/out-of-service, value: nodeshutdown, effect: NoExecute}]");
    assertThat(OutOfServiceTaint.present(n)).isTrue();
    String patch = OutOfServiceTaint.patch(n, false);
    assertThat(patch)
        .contains("\"path\":\"/spec/taints/1/key\"")
        .contains("{\"op\":\"remove\",\"path\":\"/spec/taints/1\"}")
        .doesNotContain("/spec/taints/0");
  }
}
