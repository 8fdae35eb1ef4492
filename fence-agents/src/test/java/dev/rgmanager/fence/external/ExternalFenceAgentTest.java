package dev.rgmanager.fence.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rgmanager.fence.FenceAgents;
import dev.rgmanager.fence.FenceResult;
import dev.rgmanager.fence.PowerState;
import dev.rgmanager.fence.Secret;
import dev.rgmanager.fence.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running ClusterLabs agents: stdin protocol, exit codes, credentials only on stdin, timeouts. */
class ExternalFenceAgentTest {
  private static final String PASSWORD = "Ext-Agent-Pa55";
  @TempDir Path dir;

  /** A stand-in agent that records its argv, environment and stdin, and answers as told. */
  private Path fakeAgent(String body) throws Exception {
    Path agent = dir.resolve("fence_fake");
    Files.writeString(
        agent,
        "#!/bin/sh\n"
            + "echo \"$@\" > "
            + dir.resolve("argv")
            + "\nenv > "
            + dir.resolve("env")
            + "\ncat > "
            + dir.resolve("stdin")
            + "\necho $$ > "
            + dir.resolve("pid")
            + "\n"
            + body
            + "\n");
    agent.toFile().setExecutable(true);
    return agent;
  }

  private ExternalFenceAgent agent(Path program, Duration timeout) throws Exception {
    return new ExternalFenceAgent(
        program, Map.of("ip", "10.0.0.9", "username", "admin"), Secret.of(PASSWORD), timeout);
  }

  @Test
  void credentialsGoOnStdinOnly() throws Exception {
    Path p = fakeAgent("exit 0");
    FenceResult r = agent(p, Duration.ofSeconds(10)).off();
    assertThat(r.succeeded()).isTrue();
    assertThat(r.state()).isEqualTo(PowerState.OFF);
    assertThat(Files.readString(dir.resolve("stdin")))
        .contains("action=off\n", "ip=10.0.0.9\n", "username=admin\n", "password=" + PASSWORD);
    assertThat(Files.readString(dir.resolve("argv")).strip()).isEmpty();
    assertThat(Files.readString(dir.resolve("env"))).doesNotContain(PASSWORD);
  }

  @Test
  void statusExitCodesMapToPowerState() throws Exception {
    assertThat(agent(fakeAgent("exit 0"), Duration.ofSeconds(10)).status().state())
        .isEqualTo(PowerState.ON);
    assertThat(agent(fakeAgent("exit 2"), Duration.ofSeconds(10)).status().state())
        .isEqualTo(PowerState.OFF);
    assertThat(agent(fakeAgent("exit 1"), Duration.ofSeconds(10)).status().succeeded()).isFalse();
  }

  @Test
  void failureMessageKeepsTheAgentsWordsButNotThePassword() throws Exception {
    Path p = fakeAgent("echo \"Failed: login with " + PASSWORD + " refused\" >&2; exit 1");
    FenceResult r = agent(p, Duration.ofSeconds(10)).off();
    assertThat(r.succeeded()).isFalse();
    assertThat(r.message()).contains("exit code 1", "refused").doesNotContain(PASSWORD);
  }

  @Test
  void overrunningAgentIsKilledAtItsTimeout() throws Exception {
    Path p = fakeAgent("sleep 30");
    long start = System.nanoTime();
    FenceResult r = agent(p, Duration.ofSeconds(1)).off();
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.succeeded()).isFalse();
    assertThat(r.message()).contains("did not finish within 1.0s");
    assertThat(millis).isLessThan(4_000);
    long pid = Long.parseLong(Files.readString(dir.resolve("pid")).strip());
    assertThat(Tools.poll(5_000, () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)))
        .isTrue();
  }

  @Test
  void listParsesPlugLines() throws Exception {
    Path p = fakeAgent("printf '1,outlet one\\n2,outlet two\\n'");
    assertThat(agent(p, Duration.ofSeconds(10)).list()).containsExactly("1", "2");
  }

  @Test
  void agentNamesAreCheckedAndLocated() throws Exception {
    assertThatThrownBy(() -> ExternalFenceAgent.locate("rm -rf /"))
        .hasMessageContaining("not a fence agent name");
    assertThatThrownBy(() -> ExternalFenceAgent.locate("fence_no_such_agent"))
        .hasMessageContaining("not installed");
    assertThat(ExternalFenceAgent.locate("fence_ipmilan")).isExecutable();
    assertThatThrownBy(
            () -> FenceAgents.create("fence_ipmilan", Map.of("password", "x"), Secret.none()))
        .hasMessageContaining("passed separately");
  }
}
