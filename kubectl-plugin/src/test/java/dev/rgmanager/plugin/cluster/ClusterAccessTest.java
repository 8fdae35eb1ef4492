package dev.rgmanager.plugin.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.plugin.TestingCli;
import dev.rgmanager.plugin.TestingCli.Run;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a cluster the plugin answers in one line, at once, naming the kubeconfig: a missing file,
 * a file that is not a kubeconfig, a server where nothing listens.
 */
class ClusterAccessTest {
  @TempDir Path dir;

  /** A local port where nothing listens: taken, then given back. */
  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static void assertOneLineWithoutStackTrace(Run r) {
    assertThat(r.err().strip()).as(r.err()).doesNotContain("\n").doesNotContain("\tat ");
  }

  @Test
  void aMissingKubeconfigIsNamedAtOnce() {
    Path missing = dir.resolve("missing.yaml");

    Run r = TestingCli.withKubeconfig(missing, "relocate", "foo");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip())
        .isEqualTo(
            "error: no kubeconfig: "
                + missing
                + " (from the kubeconfig system property) does not exist (point the kubeconfig"
                + " system property at your cluster's kubeconfig)");
  }

  @Test
  void theClustatViewNamesAMissingKubeconfigToo() {
    Run r = TestingCli.run("--kubeconfig", dir.resolve("nope").toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip())
        .startsWith("error: no kubeconfig: " + dir.resolve("nope") + " (from --kubeconfig)");
    assertOneLineWithoutStackTrace(r);
  }

  @Test
  void aGarbageKubeconfigIsOneLineNamingTheFileAndThePosition() throws IOException {
    Path garbage = dir.resolve("garbage.yaml");
    Files.writeString(garbage, "garbage: [::\n  token: s3cret\n");

    Run r = TestingCli.withKubeconfig(garbage, "relocate", "foo");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip())
        .startsWith("error: kubeconfig " + garbage + " (from the kubeconfig system property)")
        .contains("cannot be parsed: expected the node content, but found ':' (line 1, column 11)")
        .doesNotContain("s3cret");
    assertOneLineWithoutStackTrace(r);
  }

  @Test
  void aKubeconfigWithoutCurrentContextSaysSo() throws IOException {
    Path file = dir.resolve("empty-config.yaml");
    Files.writeString(file, "apiVersion: v1\nkind: Config\n");

    Run r = TestingCli.withKubeconfig(file);

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip())
        .isEqualTo(
            "error: kubeconfig "
                + file
                + " (from the kubeconfig system property) has no current context (kubectl config"
                + " use-context NAME)");
  }

  @Test
  void aDeadServerIsOneLineNamingServerContextAndKubeconfig() throws IOException {
    String server = "https://127.0.0.1:" + closedPort();
    Path kubeconfig = TestingApiServer.kubeconfig(dir, server, null);

    TestingCli.withKubeconfig(kubeconfig); // loads the client's classes: not what is timed
    Instant start = Instant.now();
    Run r = TestingCli.withKubeconfig(kubeconfig);
    Duration took = Duration.between(start, Instant.now());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip())
        .startsWith(
            "error: no cluster connection: "
                + server
                + "/ (context test of kubeconfig "
                + kubeconfig
                + " (from the kubeconfig system property)): ")
        // The system's reason, not the JDK client's bare exception (ClosedChannelException).
        .endsWith("): Connection refused");
    assertOneLineWithoutStackTrace(r);
    // A generous bound: the old client retried with backoff for some twenty seconds.
    assertThat(took).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void theClientFailsFastAndDoesNotRetry() throws IOException {
    Path kubeconfig = TestingApiServer.kubeconfig(dir, "https://127.0.0.1:1", null);

    Config config = ClusterAccess.config(new Kubeconfig(List.of(kubeconfig), "KUBECONFIG"), null);

    assertThat(config.getConnectionTimeout()).isEqualTo(3_000);
    assertThat(config.getRequestTimeout()).isEqualTo(10_000);
    assertThat(config.getRequestRetryBackoffLimit()).isZero();
  }

  @Test
  void theNamespaceIsTheFlagsElseTheContextsElseDefault() throws IOException {
    Kubeconfig without =
        new Kubeconfig(
            List.of(TestingApiServer.kubeconfig(dir, "https://127.0.0.1:1", null)), null);
    Kubeconfig withShop =
        new Kubeconfig(
            List.of(TestingApiServer.kubeconfig(dir, "https://127.0.0.1:1", "shop")), null);

    assertThat(ClusterAccess.config(without, null).getNamespace()).isEqualTo("default");
    assertThat(ClusterAccess.config(withShop, null).getNamespace()).isEqualTo("shop");
    assertThat(ClusterAccess.config(withShop, "ha-demo").getNamespace()).isEqualTo("ha-demo");
  }

  @Test
  void theKubeconfigIsTheFlagsThenKubeconfigThenTheHomeOne() {
    Path home = Path.of("/home/u");
    Map<String, String> env = Map.of("KUBECONFIG", "/a.yaml:/b.yaml");

    Kubeconfig flag = Kubeconfig.locate("/f.yaml", p -> null, env::get, home);
    Kubeconfig fromEnv = Kubeconfig.locate(null, p -> null, env::get, home);
    Kubeconfig fromHome = Kubeconfig.locate(null, p -> null, k -> null, home);

    assertThat(flag.describe()).isEqualTo("/f.yaml (from --kubeconfig)");
    assertThat(fromEnv.files()).containsExactly(Path.of("/a.yaml"), Path.of("/b.yaml"));
    assertThat(fromEnv.missing())
        .isEqualTo(
            "no kubeconfig: /a.yaml:/b.yaml (from KUBECONFIG) do not exist (point KUBECONFIG at"
                + " your cluster's kubeconfig)");
    assertThat(fromHome.missing())
        .isEqualTo(
            "no kubeconfig: /home/u/.kube/config does not exist (set KUBECONFIG or pass"
                + " --kubeconfig FILE)");
  }

  @Test
  void anUnknownHostIsNamed() throws IOException {
    Path kubeconfig = TestingApiServer.kubeconfig(dir, "https://no-such-host.invalid:6443", null);

    Run r = TestingCli.withKubeconfig(kubeconfig);

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip())
        .startsWith("error: no cluster connection: https://no-such-host.invalid:6443/")
        .endsWith("): unknown host no-such-host.invalid");
    assertOneLineWithoutStackTrace(r);
  }
}
