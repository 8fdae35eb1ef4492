package dev.rgmanager.fence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.fence.testing.IpmiSimPeer;
import dev.rgmanager.fence.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/fence_rgm_ipmilan and bin/fence_rgm_scsi run from a checkout after package. */
class LaunchersIT {
  private static IpmiSimPeer bmc;
  private static Path bin;

  @BeforeAll
  static void start() throws Exception {
    bin = Path.of(System.getProperty("rgm.repo.root", "..")).resolve("bin");
    bmc = IpmiSimPeer.start();
  }

  @AfterAll
  static void stop() {
    if (bmc != null) {
      bmc.close();
    }
  }

  private static Tools.Result launch(String agent, String stdin, String... args) {
    String[] command = new String[args.length + 1];
    command[0] = bin.resolve(agent).toString();
    System.arraycopy(args, 0, command, 1, args.length);
    return Tools.run(60_000, null, stdin, command);
  }

  @Test
  void ipmilanLauncherSpeaksTheStdinProtocol() throws Exception {
    bmc.setPowered(true);
    String stdin =
        "ip=127.0.0.1\nipport="
            + bmc.port()
            + "\nlogin=admin\npasswd=secret\npower_wait=0\naction=";
    Tools.Result status = launch("fence_rgm_ipmilan", stdin + "status\n");
    assertThat(status.exitCode()).as(status.output()).isZero();
    assertThat(status.output()).contains("Status: ON");
    assertThat(launch("fence_rgm_ipmilan", stdin + "off\n").exitCode()).isZero();
    assertThat(bmc.powered()).isFalse();
    assertThat(launch("fence_rgm_ipmilan", stdin + "status\n").exitCode()).isEqualTo(2);
    assertThat(launch("fence_rgm_ipmilan", stdin + "on\n").exitCode()).isZero();
    assertThat(bmc.powered()).isTrue();
  }

  @Test
  void bothLaunchersPrintSchemaValidMetadata(@TempDir Path dir) throws Exception {
    for (String agent : new String[] {"fence_rgm_ipmilan", "fence_rgm_scsi"}) {
      Tools.Result r = launch(agent, "", "-o", "metadata");
      assertThat(r.exitCode()).as(r.output()).isZero();
      Path xml = dir.resolve(agent + ".xml");
      Files.writeString(xml, r.output());
      Tools.Result check =
          Tools.run(
              30_000,
              null,
              null,
              Tools.require("xmllint", "libxml2-utils"),
              "--noout",
              "--relaxng",
              "/usr/share/cluster/relaxng/metadata.rng",
              xml.toString());
      assertThat(check.exitCode()).as(agent + ": " + check.output()).isZero();
    }
  }
}
