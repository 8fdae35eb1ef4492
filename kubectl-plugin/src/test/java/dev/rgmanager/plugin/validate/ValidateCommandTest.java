package dev.rgmanager.plugin.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code validate -f}: exit 0 for the samples, exit 1 with the field and rule for a bad file. */
class ValidateCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new ValidateCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  static Path repo() {
    String root = System.getProperty("rgm.repo.root");
    return root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
  }

  @Test
  void theSamplesDirectoryIsValid() {
    int exit =
        run(
            "-f",
            repo().resolve("config/samples/fencing").toString(),
            "-f",
            repo().resolve("config/samples/services/foo.yaml").toString());

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("file(s) valid.");
  }

  @Test
  void aRefusedDocumentNamesFileDocumentFieldAndRule(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("svc.yaml");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
        ---
        apiVersion: rgmanager.dev/v1alpha1
        kind: ClusterService
        metadata:
          name: www
        spec:
          recovery: sometimes
          resources:
            - name: data
              volume:
                claimName: data
        """);

    int exit = run("-f", file.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString())
        .contains(
            "svc.yaml (document 2, ClusterService/www): spec.recovery: Unsupported value: \"sometimes\"")
        .contains("1 error(s) in 1 file(s).");
  }

  @Test
  void aMissingFileIsOneLineAndExitOne() {
    int exit = run("-f", "/no/such/file.yaml");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().strip()).startsWith("error: cannot read").doesNotContain("\n");
  }
}
