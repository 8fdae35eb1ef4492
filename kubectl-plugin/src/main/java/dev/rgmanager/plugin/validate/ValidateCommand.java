package dev.rgmanager.plugin.validate;

import dev.rgmanager.api.validation.ManifestError;
import dev.rgmanager.api.validation.ManifestValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
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
      "Documents of other API groups (Secrets, Namespaces, ...) are skipped. Exit status 1 when"
          + " anything is refused."
    })
public final class ValidateCommand implements Callable<Integer> {
  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "FILE",
      description =
          "File or directory (its *.yaml, *.yml, *.json, recursively); - for standard input. Repeatable.")
  List<String> files;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ManifestValidator validator = ManifestValidator.create();
    List<ManifestError> errors = new ArrayList<>();
    int checked = 0;
    try {
      for (String name : files) {
        if (name.equals("-")) {
          errors.addAll(
              validator.validate(
                  "<stdin>", new String(System.in.readAllBytes(), StandardCharsets.UTF_8)));
          checked++;
          continue;
        }
        for (Path file : expand(Path.of(name))) {
          errors.addAll(validator.validate(file));
          checked++;
        }
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
    out.flush();
    return errors.isEmpty() ? 0 : 1;
  }

  private static List<Path> expand(Path path) throws IOException {
    if (!Files.exists(path)) {
      throw new IOException(path + ": no such file or directory");
    }
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> walk = Files.walk(path)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> p.toString().matches(".*\\.(ya?ml|json)$"))
          .sorted()
          .toList();
    }
  }
}
