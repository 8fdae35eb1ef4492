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

  /** Every manifest the project ships: a sample that stops validating fails the build. */
  @Test
  void everySampleTheProjectShipsIsValid() throws IOException {
    Path samples = repo().resolve("config/samples");
    long manifests;
    long simulationFiles;
    try (var walk = Files.walk(samples)) {
      var names =
          walk.filter(Files::isRegularFile)
              .map(p -> p.getFileName().toString())
              .filter(n -> n.matches(".*\\.(ya?ml|json)$"))
              .toList();
      simulationFiles =
          names.stream().filter(n -> n.matches(".*\\.(events\\.ya?ml|expected\\.json)$")).count();
      manifests = names.size() - simulationFiles;
    }

    int exit = run("-f", samples.toString(), "-R");

    assertThat(exit).as(out.toString()).isZero();
    assertThat(manifests).isGreaterThanOrEqualTo(10);
    assertThat(out.toString())
        .isEqualTo(
            manifests
                + " file(s) valid.\nSkipped "
                + simulationFiles
                + " simulation file(s) (*.events.yaml, *.expected.json: not Kubernetes objects).\n");
  }

  @Test
  void aDirectoryIsReadLikeKubectlApplyWithoutRecursive(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/bad.yaml"), "apiVersion: rgmanager.dev/v1alpha1\nkind: X\n");
    Files.writeString(dir.resolve("notes.txt"), "not a manifest");
    Files.writeString(
        dir.resolve("ns.yml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n");
    Files.writeString(dir.resolve("what-if.events.yaml"), "online: [node-1]\nsteps: []\n");

    int exit = run("-f", dir.toString());

    assertThat(exit).as(out.toString()).isZero();
    assertThat(out.toString())
        .isEqualTo(
            "1 file(s) valid.\nSkipped 1 simulation file(s) (*.events.yaml, *.expected.json: not"
                + " Kubernetes objects).\n");
  }

  @Test
  void aDirectoryWithoutManifestsIsAnError(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/ns.yaml"), "apiVersion: v1\nkind: Namespace\n");

    int exit = run("-f", dir.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "error: cannot read "
                + dir
                + ": no .yaml, .yml or .json manifests in it (-R reads its subdirectories)");
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
