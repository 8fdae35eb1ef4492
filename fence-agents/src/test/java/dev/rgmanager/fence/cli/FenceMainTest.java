package dev.rgmanager.fence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.fence.testing.IpmiSimPeer;
import dev.rgmanager.fence.testing.Tools;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ClusterLabs command-line contract: stdin and options, aliases, exit codes, metadata. */
class FenceMainTest {
  private static IpmiSimPeer bmc;

  @BeforeAll
  static void startBmc() throws Exception {
    bmc = IpmiSimPeer.start();
  }

  @AfterAll
  static void stopBmc() {
    if (bmc != null) {
      bmc.close();
    }
  }

  /** One CLI run's exit code and outputs. */
  record Run(int code, String out, String err) {}

  private static Run run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        FenceMain.run(
            "ipmilan",
            args,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String stdin(String action, String password) {
    return "# as Pacemaker writes it\n"
        + "ipaddr=127.0.0.1\n"
        + "ipport="
        + bmc.port()
        + "\nlogin=admin\npasswd="
        + password
        + "\noption="
        + action
        + "\npower_wait=0\nlanplus=1\ncipher=3\n";
  }

  @Test
  void stdinProtocolWithAliasesAndStatusExitCodes() throws Exception {
    bmc.setPowered(true);
    assertThat(run(stdin("status", "secret"))).extracting(Run::code).isEqualTo(0);
    Run off = run(stdin("off", "secret"));
    assertThat(off.code()).as(off.err()).isZero();
    assertThat(off.out()).contains("Success: Powered OFF");
    Run status = run(stdin("status", "secret"));
    assertThat(status.code()).isEqualTo(2);
    assertThat(status.out()).contains("Status: OFF");
    assertThat(run(stdin("on", "secret")).code()).isZero();
    assertThat(bmc.powered()).isTrue();
  }

  @Test
  void longAndShortOptions() {
    Run r =
        run(
            "",
            "--ip=127.0.0.1",
            "--ipport",
            Integer.toString(bmc.port()),
            "--username=admin",
            "-p",
            "secret",
            "--lanplus",
            "--power-wait=0",
            "-o",
            "monitor");
    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void aPasswordOnTheCommandLineIsWarnedAboutAndOneOnStdinIsNot(@TempDir Path dir)
      throws Exception {
    String[] options = {
      "--ip=127.0.0.1", "--ipport", Integer.toString(bmc.port()), "--username=admin", "--lanplus"
    };
    for (String[] password :
        new String[][] {{"-p", "secret"}, {"--password=secret"}, {"--password", "secret"}}) {
      String[] args =
          java.util.stream.Stream.of(options, password, new String[] {"-o", "monitor"})
              .flatMap(java.util.Arrays::stream)
              .toArray(String[]::new);
      Run r = run("", args);
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err())
          .as("stderr for %s", String.join(" ", password))
          .contains("WARNING", "visible to every local user", "ps", "/proc")
          .contains("password= line", "-S/--password-script")
          .doesNotContain("secret");
    }
    assertThat(run(stdin("monitor", "secret")).err()).doesNotContain("visible to every");
    Path script = dir.resolve("pw.sh");
    Files.writeString(script, "#!/bin/sh\necho secret\n");
    script.toFile().setExecutable(true);
    String[] withScript =
        java.util.stream.Stream.of(options, new String[] {"-S", script.toString(), "-o", "monitor"})
            .flatMap(java.util.Arrays::stream)
            .toArray(String[]::new);
    Run scripted = run("", withScript);
    assertThat(scripted.code()).as(scripted.err()).isZero();
    assertThat(scripted.err()).doesNotContain("visible to every");
  }

  @Test
  void failedActionExitsOneAndNeverEchoesThePassword() {
    String password = "Sup3r-Secr3t-Value";
    Run r = run(stdin("off", password));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("Failed: ").contains("wrong password");
    assertThat(r.out() + r.err()).doesNotContain(password);
  }

  @Test
  void passwordInAnUnknownKeyIsNotEchoedEither() {
    Run r = run(stdin("validate-all", "secret") + "pasword=Typo-Secret-99\n");
    assertThat(r.err()).contains("Ignoring unknown option 'pasword'").doesNotContain("Typo-Secret");
  }

  @Test
  void passwordScriptSuppliesThePassword(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("pw.sh");
    Files.writeString(script, "#!/bin/sh\necho secret\n");
    script.toFile().setExecutable(true);
    String in = stdin("monitor", "").replace("passwd=\n", "password_script=" + script + "\n");
    assertThat(run(in).code()).isZero();
  }

  @Test
  void validateAllChecksParameters() {
    assertThat(run("ip=127.0.0.1\naction=validate-all\n").code()).isZero();
    Run bad = run("action=validate-all\ncipher=0\nip=127.0.0.1\n");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("cipher suite 0 is refused");
    assertThat(run("action=validate-all\n").err()).contains("'ip' is required");
  }

  @Test
  void unknownCommandLineOptionFails() {
    assertThat(run("", "--no-such-option=1").code()).isEqualTo(1);
  }

  @Test
  void metadataIsAcceptedByTheClusterLabsSchema(@TempDir Path dir) throws Exception {
    Run r = run("action=metadata\n");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("<resource-agent name=\"fence_rgm_ipmilan\"")
        .contains("<parameter name=\"ipaddr\" unique=\"0\" required=\"0\" deprecated=\"1\">")
        .contains("<action name=\"validate-all\" />");
    Path xml = dir.resolve("metadata.xml");
    Files.writeString(xml, r.out());
    Path rng = Path.of("/usr/share/cluster/relaxng/metadata.rng");
    assertThat(rng).as("fence-agents package ships the metadata schema").exists();
    Tools.Result check =
        Tools.run(
            30_000,
            null,
            null,
            Tools.require("xmllint", "libxml2-utils"),
            "--noout",
            "--relaxng",
            rng.toString(),
            xml.toString());
    assertThat(check.exitCode()).as(check.output()).isZero();
  }
}
