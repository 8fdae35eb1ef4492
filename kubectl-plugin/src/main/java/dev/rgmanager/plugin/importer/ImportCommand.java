package dev.rgmanager.plugin.importer;

import dev.rgmanager.api.validation.ManifestError;
import dev.rgmanager.api.validation.ManifestValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kubectl cluster-status import cluster.conf}: rgmanager configuration to manifests. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Convert an rgmanager cluster.conf into HACluster, FenceDevice, FailoverDomain and"
          + " ClusterService manifests (multi-document YAML on standard output).",
      "Passwords are never copied: each fence device's login becomes a Secret stub to fill in."
          + " Whatever has no counterpart is kept as a TODO or NOT MAPPED comment."
    })
public final class ImportCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "CLUSTER_CONF",
      description = "cluster.conf to read; - for standard input.")
  String source;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      description = "Namespace of the imported objects. Default: the cluster's name.")
  String namespace;

  @Option(
      names = {"--output-file"},
      paramLabel = "FILE",
      description = "Write the manifests to FILE instead of standard output.")
  Path output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    String xml;
    try {
      xml =
          source.equals("-")
              ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
              : Files.readString(Path.of(source));
    } catch (IOException e) {
      err.println("error: cannot read " + source + ": " + e.getMessage());
      return 1;
    }
    ClusterConfImporter.Result result;
    try {
      result = ClusterConfImporter.importConf(xml, namespace);
    } catch (IllegalArgumentException e) {
      err.println("error: " + source + ": " + e.getMessage());
      return 1;
    }
    // The import checks its own work: what it writes must pass the same rules as admission.
    List<ManifestError> errors =
        ManifestValidator.create().validate("import of " + source, result.yaml());
    try {
      if (output == null) {
        spec.commandLine().getOut().print(result.yaml());
        spec.commandLine().getOut().flush();
      } else {
        Files.writeString(output, result.yaml(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      err.println("error: cannot write " + output + ": " + e.getMessage());
      return 1;
    }
    errors.forEach(e -> err.println("error: " + e));
    err.println(
        "Imported "
            + source
            + ": "
            + result.attention()
            + " comment(s) marked TODO or NOT MAPPED need review; passwords were not copied.");
    return errors.isEmpty() ? 0 : 1;
  }
}
