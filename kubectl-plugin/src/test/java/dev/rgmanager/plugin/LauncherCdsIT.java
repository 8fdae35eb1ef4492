package dev.rgmanager.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/kubectl-cluster_status starts from the class-data sharing archive the package phase built,
 * leaves a stale one out, and the archive's build never fails the build.
 */
class LauncherCdsIT {
  private static final String PLUGIN_MAIN = "dev.rgmanager.plugin.ClusterStatusCommand";

  private static Path root;
  private static Path target;

  @BeforeAll
  static void locate() {
    root = Path.of(System.getProperty("rgm.repo.root", "..")).toAbsolutePath().normalize();
    target = root.resolve("kubectl-plugin/target");
  }

  @Test
  void theLauncherStartsFromThePackagedArchive() throws Exception {
    assumeThat(run(List.of("java", "-Xshare:on", "-version"), Map.of()).exitCode())
        .as("this JVM has no class-data sharing at all")
        .isZero();
    packagedArchive(pluginJar(target));

    // -Xshare:on: the JVM exits with an error unless it maps the archive it was given.
    Result r =
        launch(
            root.resolve("bin/kubectl-cluster_status"),
            "-Xshare:on -Xlog:class+load=info:stdout",
            "--version");

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("rgmanager-operator kubectl plugin");
    assertThat(r.output()).contains(PLUGIN_MAIN + " source: shared objects file");
    assertThat(r.output()).contains("picocli.CommandLine source: shared objects file");
  }

  @Test
  void withTheJdkThatBuiltItTheLauncherStartsFromTheAheadOfTimeCache() throws Exception {
    Path jar = pluginJar(target);
    Path recorded = target.resolve(jar.getFileName().toString().replace(".jar", ".aot.java"));
    assumeThat(recorded).as("no JDK 24 or later at package time: no cache was built").exists();
    String java = Files.readString(recorded).strip();

    // -XX:AOTMode=on: the JVM exits with an error unless it starts from the cache it was given.
    Result r =
        run(
            List.of("bash", root.resolve("bin/kubectl-cluster_status").toString(), "--version"),
            Map.of(
                "CLUSTER_STATUS_JAVA",
                java,
                "CLUSTER_STATUS_JAVA_OPTS",
                "-XX:AOTMode=on -Xlog:class+load=info:stdout"));

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("rgmanager-operator kubectl plugin");
    assertThat(r.output()).contains(PLUGIN_MAIN + " source: shared objects file");
  }

  @Test
  void anArchiveOlderThanTheJarIsLeftOut(@TempDir Path checkout) throws Exception {
    Path jar = pluginJar(target);
    Path bin = Files.createDirectories(checkout.resolve("bin"));
    Path staged = Files.createDirectories(checkout.resolve("kubectl-plugin/target"));
    Files.copy(root.resolve("bin/kubectl-cluster_status"), bin.resolve("kubectl-cluster_status"));
    Path stagedJar = Files.copy(jar, staged.resolve(jar.getFileName()));
    Files.createSymbolicLink(staged.resolve("lib"), target.resolve("lib"));
    // The packaged archive, made for the jar at its own path: the JVM opens it, refuses it and runs
    // on.
    Path archive = Files.copy(packagedArchive(jar), staged.resolve(archiveName(jar)));
    Instant now = Instant.now();

    Files.setLastModifiedTime(archive, FileTime.from(now.minusSeconds(60)));
    Files.setLastModifiedTime(stagedJar, FileTime.from(now));
    Result stale =
        launch(bin.resolve("kubectl-cluster_status"), "-Xlog:cds=info:stdout", "--version");
    assertThat(stale.exitCode()).as(stale.output()).isZero();
    assertThat(stale.output()).doesNotContain(archive.toString());

    Files.setLastModifiedTime(archive, FileTime.from(now.plusSeconds(60)));
    Result fresh =
        launch(bin.resolve("kubectl-cluster_status"), "-Xlog:cds=info:stdout", "--version");
    assertThat(fresh.output()).contains(archive.toString());
    // Made for another path: -Xshare:auto runs on without it.
    assertThat(fresh.exitCode()).as(fresh.output()).isZero();
    assertThat(fresh.output()).contains("rgmanager-operator kubectl plugin");
  }

  @Test
  void noArchiveWhenTheTrainingRunsFailAndTheBuildGoesOn(@TempDir Path dir) throws Exception {
    Path archive = Files.writeString(dir.resolve("left-over.jsa"), "an archive of an older build");
    Result r =
        run(
            List.of(
                "bash",
                root.resolve("kubectl-plugin/src/build/build-cds-archive").toString(),
                dir.resolve("no-such.jar").toString(),
                archive.toString()),
            Map.of());

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(archive).doesNotExist();
    assertThat(r.output()).contains("building without an archive");
  }

  private static Path packagedArchive(Path jar) {
    Path archive = target.resolve(archiveName(jar));
    assertThat(archive)
        .as("the package phase made no archive: see the build's 'cds archive:' lines")
        .exists();
    return archive;
  }

  private static String archiveName(Path jar) {
    return jar.getFileName().toString().replace(".jar", ".jsa");
  }

  private static Path pluginJar(Path target) throws IOException {
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(
              p -> p.getFileName().toString().matches("rgmanager-kubectl-plugin-.*[0-9T]\\.jar"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no plugin jar in " + target + ": run package"));
    }
  }

  private static Result launch(Path launcher, String javaOptions, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
    command.addAll(List.of(args));
    return run(command, Map.of("CLUSTER_STATUS_JAVA_OPTS", javaOptions));
  }

  private static Result run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private record Result(int exitCode, String output) {}
}
