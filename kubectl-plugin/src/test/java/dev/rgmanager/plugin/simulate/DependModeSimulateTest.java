package dev.rgmanager.plugin.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * simulate knows depend_mode as the operator does (the rule is the core's): web depends on foo;
 * hard stops web with foo and starts it again once foo runs, soft leaves it running.
 */
class DependModeSimulateTest {
  private static final Path DIR = SimulateCommandTest.root().resolve("config/samples/simulations");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String WEB =
      """
      ---
      apiVersion: rgmanager.dev/v1alpha1
      kind: ClusterService
      metadata:
        name: web
        namespace: ha
      spec:
        domain: abc
        depend: foo
      MODE
        resources:
          - name: httpd
            app:
              template:
                spec:
                  containers:
                    - name: app
                      image: registry.k8s.io/pause:3.10
      """;

  private static final String STEPS =
      """
        - operation: {service: ha/foo, op: disable}
        - operation: {service: ha/web, op: relocate}
        - operation: {service: ha/web, op: enable}
        - operation: {service: ha/foo, op: enable}
      """;

  private static JsonNode transcript(Path tmp, String modeLine) throws IOException {
    Path cluster = tmp.resolve("cluster.yaml");
    Files.writeString(
        cluster, Files.readString(DIR.resolve("cluster.yaml")) + WEB.replace("MODE", modeLine));
    Path events = tmp.resolve("depend.events.yaml");
    Files.writeString(events, "online: [node-1, node-2, node-3]\nsteps:\n" + STEPS);
    SimulateCommandTest.Run r =
        SimulateCommandTest.run(
            "simulate", "-f", cluster.toString(), "--events", events.toString(), "-o", "json");
    assertThat(r.exit()).as(r.err()).isZero();
    return JSON.readTree(r.out());
  }

  private static JsonNode web(JsonNode step) {
    return step.get("services").get("ha/web");
  }

  @Test
  void hardStopsTheDependentWithItsDependencyAndStartsItAgain(@TempDir Path tmp)
      throws IOException {
    JsonNode steps = transcript(tmp, "  dependMode: hard");
    assertThat(web(steps.get(0)).get("state").asText()).isEqualTo("started");

    JsonNode disabled = steps.get(1);
    assertThat(web(disabled).get("state").asText()).isEqualTo("stopped");
    assertThat(disabled.get("log").toString())
        .contains(
            "ha/web: stop, then stopped (dependency ha/foo is not running (depend_mode hard))");

    for (int i : new int[] {2, 3}) {
      assertThat(web(steps.get(i)).get("state").asText()).as("step %d", i).isEqualTo("stopped");
      assertThat(steps.get(i).get("log").toString()).as("step %d", i).contains("ha/web: refused");
    }
    assertThat(steps.get(3).get("log").toString())
        .contains("refused enable: dependency ha/foo is not running (depend_mode hard)");

    JsonNode again = steps.get(4);
    assertThat(again.get("services").get("ha/foo").get("state").asText()).isEqualTo("started");
    assertThat(web(again).get("state").asText()).isEqualTo("started");
  }

  @Test
  void theDefaultIsHard(@TempDir Path tmp) throws IOException {
    assertThat(web(transcript(tmp, "").get(1)).get("state").asText()).isEqualTo("stopped");
  }

  @Test
  void softLeavesTheDependentRunning(@TempDir Path tmp) throws IOException {
    JsonNode steps = transcript(tmp, "  dependMode: soft");
    String owner = web(steps.get(0)).get("owner").asText();
    JsonNode disabled = steps.get(1);
    assertThat(disabled.get("services").get("ha/foo").get("state").asText()).isEqualTo("disabled");
    assertThat(web(disabled).get("state").asText()).isEqualTo("started");
    assertThat(web(disabled).get("owner").asText()).isEqualTo(owner);
    assertThat(web(steps.get(4)).get("state").asText()).isEqualTo("started");
  }
}
