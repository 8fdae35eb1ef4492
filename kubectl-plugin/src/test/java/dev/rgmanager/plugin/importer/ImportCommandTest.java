package dev.rgmanager.plugin.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.validation.ManifestValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code import cluster.conf}: manifests on stdout, a summary on stderr, one-line errors. */
class ImportCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new ImportCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void writesValidManifestsIntoTheChosenNamespace(@TempDir Path dir) throws IOException {
    Path conf = dir.resolve("cluster.conf");
    Files.writeString(conf, ClusterConfImporterTest.conf("five-node-domains.conf"));

    int exit = run(conf.toString(), "-n", "shop-ha");

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("namespace: shop-ha").doesNotContain("namespace: shop\n");
    assertThat(ManifestValidator.create().validate("stdout", out.toString())).isEmpty();
    assertThat(err.toString()).contains("need review; passwords were not copied.");
  }

  @Test
  void notAClusterConfIsOneLineAndExitOne(@TempDir Path dir) throws IOException {
    Path conf = dir.resolve("cluster.conf");
    Files.writeString(conf, "<?xml version=\"1.0\"?><rm/>");

    assertThat(run(conf.toString())).isEqualTo(1);
    assertThat(err.toString().strip()).contains("not a cluster.conf").doesNotContain("\n");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void malformedXmlIsOneLineAndExitOne(@TempDir Path dir) throws IOException {
    Path conf = dir.resolve("cluster.conf");
    Files.writeString(conf, "<cluster name=\"x\"><fencedevices>");

    assertThat(run(conf.toString())).isEqualTo(1);
    assertThat(err.toString().strip()).contains("not well-formed XML").doesNotContain("\n");
  }
}
