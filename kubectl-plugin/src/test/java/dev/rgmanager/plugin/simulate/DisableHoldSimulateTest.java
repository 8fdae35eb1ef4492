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
 * simulate knows that a service its recovery policy disabled stays disabled until enabled, as the
 * operator does: the rule is the core's ({@code DisableHold}), not the reconciler's.
 */
class DisableHoldSimulateTest {
  private static final Path DIR = SimulateCommandTest.root().resolve("config/samples/simulations");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode transcript(Path tmp, String recovery, String steps) throws IOException {
    Path cluster = tmp.resolve("cluster.yaml");
    Files.writeString(
        cluster,
        Files.readString(DIR.resolve("cluster.yaml"))
            .replace("recovery: restart", "recovery: " + recovery));
    Path events = tmp.resolve("hold.events.yaml");
    Files.writeString(events, "online: [node-1, node-2, node-3]\nsteps:\n" + steps);
    SimulateCommandTest.Run r =
        SimulateCommandTest.run(
            "simulate", "-f", cluster.toString(), "--events", events.toString(), "-o", "json");
    assertThat(r.exit()).as(r.err()).isZero();
    return JSON.readTree(r.out());
  }

  private static JsonNode foo(JsonNode step) {
    return step.get("services").get("ha/foo");
  }

  @Test
  void recoveryDisableLeavesTheServiceDisabledUntilEnabled(@TempDir Path tmp) throws IOException {
    JsonNode steps =
        transcript(
            tmp,
            "disable",
            """
              - resourceFails: {service: ha/foo, resource: script}
              - advance: 60s
              - operation: {service: ha/foo, op: enable}
            """);
    JsonNode failed = steps.get(1);
    assertThat(failed.get("log").toString()).contains("stop, then disabled");
    assertThat(failed.get("log").toString()).doesNotContain("start on");
    assertThat(foo(failed).get("state").asText()).isEqualTo("disabled");
    assertThat(foo(steps.get(2)).get("state").asText()).isEqualTo("disabled");
    assertThat(foo(steps.get(3)).get("state").asText()).isEqualTo("started");
    assertThat(foo(steps.get(3)).get("owner").asText()).isEqualTo("node-1");
  }

  @Test
  void restartDisableLeavesTheServiceDisabledWhenItsRestartFails(@TempDir Path tmp)
      throws IOException {
    JsonNode steps =
        transcript(
            tmp,
            "restart-disable",
            """
              - startFails: {service: ha/foo, node: node-1}
              - resourceFails: {service: ha/foo, resource: script}
              - advance: 60s
            """);
    JsonNode failed = steps.get(2);
    assertThat(failed.get("log").toString()).contains("start on node-1 failed");
    assertThat(foo(failed).get("state").asText()).isEqualTo("disabled");
    assertThat(failed.get("log").toString()).doesNotContain("start on node-2");
    assertThat(foo(steps.get(3)).get("state").asText()).isEqualTo("disabled");
  }
}
