package dev.rgmanager.plugin.validate;

import dev.rgmanager.api.validation.ManifestError;
import dev.rgmanager.api.validation.ManifestValidator;
import dev.rgmanager.plugin.manifests.ManifestFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kubectl cluster-status validate -f FILE}: offline admission (ccs_config_validate's
 * analog), with the committed CRDs' schema and CEL rules.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Validate manifests offline with the same rules as admission: the CRDs' OpenAPI schema"
          + " (types, enums, ranges, patterns, unknown fields) and their CEL rules.",
      "Documents of other API groups (Secrets, Namespaces, ...) are skipped, and so are a"
          + " simulation's *.events.yaml and *.expected.json files found in a directory. Exit"
          + " status 1 when anything is refused."
    })
public final class ValidateCommand implements Callable<Integer> {
  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "FILE",
      description =
          "File, or directory (its *.yaml, *.yml, *.json; not *.events.yaml, *.expected.json);"
              + " - for standard input. Repeatable.")
  List<String> files;

  @Option(
      names = {"-R", "--recursive"},
      description = "Read the subdirectories of directories too, as kubectl apply -R does.")
  boolean recursive;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ManifestValidator validator = ManifestValidator.create();
    List<ManifestError> errors = new ArrayList<>();
    int checked = 0;
    List<Path> skipped = List.of();
    try {
      for (String name : files) {
        if (name.equals("-")) {
          errors.addAll(
              validator.validate(
                  "<stdin>", new String(System.in.readAllBytes(), StandardCharsets.UTF_8)));
          checked++;
          continue;
        }
        ManifestFiles.Expansion named = ManifestFiles.expand(List.of(Path.of(name)), recursive);
        for (Path file : named.manifests()) {
          errors.addAll(validator.validate(file));
          checked++;
        }
        skipped = concat(skipped, named.skipped());
      }
    } catch (IOException e) {
      err.println("error: cannot read " + e.getMessage());
      return 1;
    }
    errors.forEach(e -> out.println(e));
    out.println(
        errors.isEmpty()
            ? checked + " file(s) valid."
            : errors.size() + " error(s) in " + checked + " file(s).");
    if (!skipped.isEmpty()) {
      out.println(
          "Skipped "
              + skipped.size()
              + " simulation file(s) (*.events.yaml, *.expected.json: not Kubernetes objects).");
    }
    out.flush();
    return errors.isEmpty() ? 0 : 1;
  }

  private static List<Path> concat(List<Path> a, List<Path> b) {
    List<Path> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
