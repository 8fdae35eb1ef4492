package dev.rgmanager.api.helm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Finds and runs a helm binary: $RGM_HELM, then PATH, then the e2e tool cache. */
final class Helm {
  /** The output and exit status of one helm run. */
  record Run(int exit, String output) {}

  private final Path binary;

  private Helm(Path binary) {
    this.binary = binary;
  }

  static Optional<Helm> find() throws IOException {
    String env = System.getenv("RGM_HELM");
    if (env != null && Files.isExecutable(Path.of(env))) {
      return Optional.of(new Helm(Path.of(env)));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "helm");
      if (Files.isExecutable(candidate)) {
        return Optional.of(new Helm(candidate));
      }
    }
    Path cache = Path.of(System.getProperty("user.home"), ".cache", "rgmanager-operator");
    if (Files.isDirectory(cache)) {
      try (Stream<Path> walk = Files.walk(cache, 5)) {
        return walk.filter(p -> p.getFileName().toString().equals("helm"))
            .filter(Files::isRegularFile)
            .filter(Files::isExecutable)
            .sorted()
            .findFirst()
            .map(Helm::new);
      }
    }
    return Optional.empty();
  }

  Run run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IOException("helm " + String.join(" ", args) + " did not finish");
    }
    return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return binary.toString();
  }
}
