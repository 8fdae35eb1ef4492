package dev.rgmanager.fence.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rgmanager.fence.FenceAgents;
import dev.rgmanager.fence.FenceResult;
import dev.rgmanager.fence.Secret;
import dev.rgmanager.fence.scsi.KeyWitness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Configuration never sets the action or the victim of a ClusterLabs agent, never names a program
 * or file for it, and never adds lines to its stdin: such parameters are refused and the agent is
 * not run. A fake fence_* agent reports the action it would have obeyed.
 */
class RefusedParametersTest {
  @TempDir Path dir;
  private Path fake;

  /**
   * A fence_* stand-in that appends one line per run to "runs": the effective action (the last
   * action= or option= line: fencing.py keeps the last value, and agents of the cluster.conf era
   * read option as the action), how many such lines it got (more than one means lines were
   * injected), and the effective plug.
   */
  @BeforeEach
  void writeFakeAgent() throws Exception {
    fake = dir.resolve("fence_fake");
    Files.writeString(
        fake,
        "#!/bin/sh\n"
            + "input=$(cat)\n"
            + "action=$(printf '%s\\n' \"$input\" | grep -E '^(action|option)=' | tail -n 1"
            + " | cut -d= -f2-)\n"
            + "count=$(printf '%s\\n' \"$input\" | grep -cE '^(action|option)=')\n"
            + "plug=$(printf '%s\\n' \"$input\" | grep -E '^(plug|port|nodename)=' | tail -n 1"
            + " | cut -d= -f2-)\n"
            + "echo \"action=$action actions=$count plug=$plug\" >> "
            + dir.resolve("runs")
            + "\nexit 0\n");
    fake.toFile().setExecutable(true);
  }

  private List<String> runs() throws Exception {
    Path runs = dir.resolve("runs");
    return Files.exists(runs) ? Files.readAllLines(runs) : List.of();
  }

  /** Fences with {@code parameters} as configured; a refusal comes back as a failed result. */
  private FenceResult off(Map<String, String> parameters) {
    try {
      return new ExternalFenceAgent(fake, parameters, Secret.none(), Duration.ofSeconds(10)).off();
    } catch (Exception e) {
      return FenceResult.failure(e.getMessage());
    }
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(Map.of("action", "on"), "'action'"),
        Arguments.of(Map.of("option", "on"), "'option'"),
        Arguments.of(Map.of("port", "other-node"), "'port'"),
        Arguments.of(Map.of("plug", "other-node"), "'plug'"),
        Arguments.of(Map.of("nodename", "other-node"), "'nodename'"),
        Arguments.of(Map.of("ip", "10.0.0.9\naction=on"), "'ip'"),
        Arguments.of(Map.of("ip", "10.0.0.9\r\naction=on"), "'ip'"),
        Arguments.of(Map.of("ip", "10.0.0.9\u0000action=on"), "'ip'"),
        Arguments.of(Map.of("ip\naction", "on"), "ip\\u000aaction"),
        Arguments.of(Map.of("sg_persist_path", "/tmp/evil"), "'sg_persist_path'"),
        Arguments.of(Map.of("ipmitool_path", "/tmp/evil"), "'ipmitool_path'"),
        Arguments.of(Map.of("ssh_path", "/tmp/evil"), "'ssh_path'"),
        Arguments.of(Map.of("identity_file", "/etc/shadow"), "'identity_file'"),
        Arguments.of(Map.of("debug_file", "/tmp/log"), "'debug_file'"),
        Arguments.of(Map.of("debug", "/tmp/log"), "'debug'"),
        Arguments.of(Map.of("verbose", "1"), "'verbose'"),
        Arguments.of(Map.of("ssh_options", "-o ProxyCommand=/tmp/evil"), "'ssh_options'"),
        Arguments.of(Map.of("snmp_priv_passwd_script", "/tmp/evil"), "'snmp_priv_passwd_script'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusedParametersFailFencingAndTheAgentNeverRuns(
      Map<String, String> parameters, String named) throws Exception {
    FenceResult r = off(parameters);
    assertThat(r.succeeded()).as("fencing with %s", parameters.keySet()).isFalse();
    assertThat(r.message()).contains(named).contains("refused").containsIgnoringCase("remove");
    assertThat(runs()).as("the agent must not run").isEmpty();
  }

  @Test
  void theAgentIsNeverRunWithActionOn() throws Exception {
    for (Map<String, String> p :
        List.of(
            Map.of("action", "on"),
            Map.of("option", "on"),
            Map.of("ip", "10.0.0.9\naction=on"),
            Map.of("ip", "10.0.0.9\r\noption=on"))) {
      off(p);
    }
    assertThat(runs()).noneMatch(run -> run.startsWith("action=on"));
    assertThat(runs()).noneMatch(run -> !run.contains("actions=1"));
  }

  @Test
  void theOperatorsActionAndPlugAreWhatTheAgentObeys() throws Exception {
    new ExternalFenceAgent(
            fake, Map.of("ip", "10.0.0.9"), "node-2", Secret.none(), Duration.ofSeconds(10))
        .off();
    assertThat(runs()).containsExactly("action=off actions=1 plug=node-2");
  }

  @Test
  void aPasswordWithALineFeedIsRefusedWithoutShowingIt() {
    String password = "Pa55\naction=on";
    assertThatThrownBy(
            () ->
                new ExternalFenceAgent(
                    fake, Map.of(), "node-2", Secret.of(password), Duration.ofSeconds(10)))
        .hasMessageContaining("password")
        .hasMessageContaining("control character")
        .hasMessageNotContaining("Pa55");
  }

  @Test
  void theOperatorFormNamesTheParameterAsConfigured() {
    assertThatThrownBy(
            () ->
                FenceAgents.create(
                    "fence_ipmilan",
                    Map.of("ipaddr", "10.0.0.9", "port", "other-node"),
                    Map.of("plug", "node-2"),
                    Secret.none(),
                    KeyWitness.none()))
        .hasMessageContaining("'port'")
        .hasMessageContaining("operator sets the node");
    assertThatThrownBy(
            () ->
                FenceAgents.create(
                    "ipmilan",
                    Map.of("ip", "10.0.0.9", "option", "on"),
                    Map.of("plug", "node-2"),
                    Secret.none(),
                    KeyWitness.none()))
        .hasMessageContaining("'option'")
        .hasMessageContaining("operator sets the action");
  }
}
