package dev.rgmanager.plugin.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rgmanager.plugin.TestingCli;
import dev.rgmanager.plugin.TestingCli.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simulate -f DIR} reads the directory's manifests as kubectl apply -f does. */
class SimulateDirectoryTest {
  private static final Path DIR = SimulateCommandTest.root().resolve("config/samples/simulations");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theSimulationsDirectoryRunsAsItsClusterFileDoes() throws IOException {
    String events = DIR.resolve("quorum-loss.events.yaml").toString();

    Run dir = TestingCli.run("simulate", "-f", DIR.toString(), "--events", events, "-o", "json");
    Run file =
        TestingCli.run(
            "simulate",
            "-f",
            DIR.resolve("cluster.yaml").toString(),
            "--events",
            events,
            "-o",
            "json");

    assertThat(dir.exit()).as(dir.err()).isZero();
    assertThat(JSON.readTree(dir.out())).isEqualTo(JSON.readTree(file.out()));
  }

  @Test
  void subdirectoriesAreReadWithRecursiveOnly(@TempDir Path tmp) throws IOException {
    Path nested = Files.createDirectories(tmp.resolve("manifests/cluster"));
    Files.copy(DIR.resolve("cluster.yaml"), nested.resolve("cluster.yaml"));
    String events = DIR.resolve("quorum-loss.events.yaml").toString();

    Run flat =
        TestingCli.run("simulate", "-f", tmp.resolve("manifests").toString(), "--events", events);
    Run recursive =
        TestingCli.run(
            "simulate", "-R", "-f", tmp.resolve("manifests").toString(), "--events", events);

    assertThat(flat.exit()).isEqualTo(1);
    assertThat(flat.err().strip())
        .isEqualTo(
            "error: cannot read "
                + tmp.resolve("manifests")
                + ": no .yaml, .yml or .json manifests in it (-R reads its subdirectories)");
    assertThat(recursive.exit()).as(recursive.err()).isZero();
  }

  @Test
  void aDirectoryAsEventsFileIsOneLine() {
    Run r = TestingCli.run("simulate", "-f", DIR.toString(), "--events", DIR.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip())
        .isEqualTo("error: --events " + DIR + " is a directory: name one events file");
  }

  @Test
  void aMissingManifestIsOneLine() {
    Run r =
        TestingCli.run(
            "simulate",
            "-f",
            "/no/such/dir",
            "--events",
            DIR.resolve("quorum-loss.events.yaml").toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip())
        .isEqualTo("error: cannot read /no/such/dir: no such file or directory");
  }
}
