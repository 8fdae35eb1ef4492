package dev.rgmanager.plugin.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rgmanager.plugin.ClusterStatusCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The scenarios of config/samples/simulations produce their expected transcripts: each events file
 * against the cluster.yaml beside it (the VM scenarios have their own, in vm/).
 */
class SimulateCommandTest {
  private static final Path DIR = root().resolve("config/samples/simulations");
  private static final ObjectMapper JSON = new ObjectMapper();

  static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve(".ci"))) {
      p = p.getParent();
    }
    return p;
  }

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new ClusterStatusCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  static Stream<Path> scenarios() throws IOException {
    try (Stream<Path> files = Files.walk(DIR)) {
      List<Path> events =
          files.filter(p -> p.toString().endsWith(".events.yaml")).sorted().toList();
      assertThat(events).hasSizeGreaterThanOrEqualTo(9);
      return events.stream();
    }
  }

  /** The JSON transcript of one scenario of config/samples/simulations against its cluster. */
  static JsonNode transcript(String events) throws IOException {
    return transcript(DIR.resolve("cluster.yaml"), DIR.resolve(events));
  }

  /** The JSON transcript of an events file against the manifests of {@code cluster}. */
  static JsonNode transcript(Path cluster, Path events) throws IOException {
    Run r = run("simulate", "-f", cluster.toString(), "--events", events.toString(), "-o", "json");
    assertThat(r.exit()).as(r.err()).isZero();
    return JSON.readTree(r.out());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void scenarioProducesItsExpectedTranscript(Path events) throws IOException {
    Run r =
        run(
            "simulate",
            "-f",
            events.resolveSibling("cluster.yaml").toString(),
            "--events",
            events.toString(),
            "-o",
            "json");
    assertThat(r.exit()).as(r.err()).isZero();
    Path expected = Path.of(events.toString().replace(".events.yaml", ".expected.json"));
    assertThat(JSON.readTree(r.out())).isEqualTo(JSON.readTree(Files.readString(expected)));
  }

  @Test
  void aLostNodesServiceNeverStartsElsewhereBeforeItIsFenced() throws IOException {
    JsonNode steps = transcript("fencing-fails.events.yaml");
    for (int i = 2; i <= 3; i++) {
      JsonNode foo = steps.get(i).get("services").get("ha/foo");
      assertThat(foo.get("state").asText()).isEqualTo("recovering");
      assertThat(foo.get("owner").asText()).isEqualTo("node-1");
    }
    assertThat(steps.get(4).get("services").get("ha/foo").get("owner").asText())
        .isEqualTo("node-2");
  }

  @Test
  void aLostOwnerWhoseHeartbeatReturnsUnfencedKeepsItsServiceUntilAcknowledged()
      throws IOException {
    JsonNode steps = transcript("lost-owner-returns-unfenced.events.yaml");
    // Steps 3-5: node-2 lost, back unfenced, a minute later: foo starts nowhere.
    for (int i = 3; i <= 5; i++) {
      JsonNode foo = steps.get(i).get("services").get("ha/foo");
      assertThat(foo.get("state").asText()).as("step %d", i).isEqualTo("recovering");
      assertThat(foo.get("owner").asText()).as("step %d", i).isEqualTo("node-2");
      assertThat(steps.get(i).get("log").toString()).doesNotContain("start on node-1");
    }
    assertThat(steps.get(4).get("log").toString()).contains("heartbeat back").contains("stays out");
    assertThat(steps.get(6).get("services").get("ha/foo").get("owner").asText())
        .isEqualTo("node-1");
  }

  @Test
  void theRestartWindowToleratesThreeRestartsAndRelocatesOnTheFourth() throws IOException {
    JsonNode steps = transcript("restart-window.events.yaml");
    assertThat(steps.get(5).get("services").get("ha/foo").get("owner").asText())
        .isEqualTo("node-1");
    assertThat(steps.get(7).get("services").get("ha/foo").get("owner").asText())
        .isEqualTo("node-2");
  }

  @Test
  void aMemberInStandbyHandsItsServiceOnWithoutFencingAndGetsItBackWhenUncordoned()
      throws IOException {
    JsonNode steps = transcript("maintenance.events.yaml");
    assertThat(steps.get(1).get("services").get("ha/foo").get("owner").asText())
        .isEqualTo("node-2");
    assertThat(steps.get(1).get("log").toString())
        .contains("node-1 is in standby: moving to node-2")
        .doesNotContain("fence");
    assertThat(steps.get(2).get("services").get("ha/foo").get("owner").asText())
        .isEqualTo("node-1");
    assertThat(steps.get(2).get("log").toString()).contains("failback");
  }

  @Test
  void aRefusedOperationIsLoggedWithItsReasonAndChangesNothing() throws IOException {
    JsonNode step = transcript("operations.events.yaml").get(3);
    assertThat(step.get("log").toString()).contains("refused relocate").contains("disabled");
    assertThat(step.get("services").get("ha/foo").get("state").asText()).isEqualTo("disabled");
  }

  @Test
  void invalidEventsNameTheFileAndTheStep(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws IOException {
    Path events = tmp.resolve("bad.yaml");
    Files.writeString(events, "online: [node-1]\nsteps:\n  - nodeDown: node-9\n");
    Run r =
        run(
            "simulate",
            "-f",
            DIR.resolve("cluster.yaml").toString(),
            "--events",
            events.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("bad.yaml: steps[0]").contains("node-9").contains("not a member");
  }

  @Test
  void aBadDurationInTheEventsIsOneLineNamingTheFileTheStepAndTheField(
      @org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
    Path events = tmp.resolve("bad.yaml");
    Files.writeString(
        events, "online: [node-1, node-2]\nsteps:\n  - nodeDown: node-2\n  - advance: 5x\n");
    Run r =
        run(
            "simulate",
            "-f",
            DIR.resolve("cluster.yaml").toString(),
            "--events",
            events.toString());
    assertThat(r.exit()).isNotZero();
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err())
        .startsWith("error: ")
        .contains("bad.yaml: steps[1].advance: '5x' is not a duration")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void aDurationThatIsNotAStringIsOneLineToo(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws IOException {
    Path events = tmp.resolve("bad.yaml");
    Files.writeString(events, "online: [node-1]\nsteps:\n  - advance: {minutes: 5}\n");
    Run r =
        run(
            "simulate",
            "-f",
            DIR.resolve("cluster.yaml").toString(),
            "--events",
            events.toString());
    assertThat(r.exit()).isNotZero();
    assertThat(r.err().lines()).singleElement().asString().contains("bad.yaml: steps[0].advance");
  }

  @Test
  void aBadDurationInAManifestNamesTheFileAndTheField(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws IOException {
    Path cluster = tmp.resolve("cluster.yaml");
    Files.writeString(
        cluster,
        Files.readString(DIR.resolve("cluster.yaml"))
            .replaceFirst("(?m)^spec:\n", "spec:\n  tokenTimeout: soon\n"));
    Run r =
        run(
            "simulate",
            "-f",
            cluster.toString(),
            "--events",
            DIR.resolve("fencing-fails.events.yaml").toString());
    assertThat(r.exit()).isNotZero();
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .contains("cluster.yaml")
        .contains("spec.tokenTimeout");
  }
}
