package dev.rgmanager.fence.external;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.fence.FenceAgent;
import dev.rgmanager.fence.FenceAgents;
import dev.rgmanager.fence.PowerState;
import dev.rgmanager.fence.Secret;
import dev.rgmanager.fence.cli.FenceMain;
import dev.rgmanager.fence.testing.IpmiSimPeer;
import dev.rgmanager.fence.testing.Tools;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Drop-in compatibility: the same stdin to Debian's fence_ipmilan and to fence_rgm_ipmilan gives
 * the same exit code and the same power effect on ipmi_sim.
 */
class FenceIpmilanCompatibilityTest {
  private static IpmiSimPeer bmc;
  private static String fenceIpmilan;

  @BeforeAll
  static void start() throws Exception {
    fenceIpmilan = Tools.require("fence_ipmilan", "fence-agents");
    Tools.require("ipmitool", "ipmitool");
    bmc = IpmiSimPeer.start();
  }

  @AfterAll
  static void stop() {
    if (bmc != null) {
      bmc.close();
    }
  }

  private static String stdin(String action, String password) {
    return "ip=127.0.0.1\nipport="
        + bmc.port()
        + "\nusername=admin\npassword="
        + password
        + "\nlanplus=1\ncipher=3\npower_wait=1\naction="
        + action
        + "\n";
  }

  /** Exit code and power afterwards. */
  record Effect(int exitCode, boolean powered) {}

  private static Effect debian(String stdin) {
    Tools.Result r = Tools.run(60_000, null, stdin, fenceIpmilan);
    return new Effect(r.exitCode(), bmc.powered());
  }

  private static Effect ours(String stdin) {
    int code =
        FenceMain.run(
            "ipmilan",
            new String[0],
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    return new Effect(code, bmc.powered());
  }

  @ParameterizedTest(name = "{0} from power {1}, password {2}")
  @CsvSource({
    "status, true, secret",
    "status, false, secret",
    "off, true, secret",
    "off, false, secret",
    "on, false, secret",
    "on, true, secret",
    "reboot, true, secret",
    "monitor, true, secret",
    "off, true, wrong-password",
    "status, true, wrong-password"
  })
  void sameExitCodeAndPowerEffect(String action, boolean poweredBefore, String password)
      throws Exception {
    String stdin = stdin(action, password);
    bmc.setPowered(poweredBefore);
    Effect theirs = debian(stdin);
    bmc.setPowered(poweredBefore);
    Effect mine = ours(stdin);
    assertThat(mine).as("fence_rgm_ipmilan vs fence_ipmilan for " + action).isEqualTo(theirs);
  }

  @Test
  void debianAgentDrivenThroughTheExternalAgentApi() throws Exception {
    bmc.setPowered(true);
    FenceAgent agent =
        FenceAgents.create(
            "fence_ipmilan",
            Map.of(
                "ip", "127.0.0.1",
                "ipport", Integer.toString(bmc.port()),
                "username", "admin",
                "lanplus", "1",
                "cipher", "3",
                "power_wait", "1",
                "agent_timeout", "60"),
            Secret.of(IpmiSimPeer.PASSWORD));
    assertThat(agent.off().succeeded()).isTrue();
    assertThat(bmc.powered()).isFalse();
    assertThat(agent.status().state()).isEqualTo(PowerState.OFF);
    assertThat(agent.on().succeeded()).isTrue();
    assertThat(bmc.powered()).isTrue();
  }
}
