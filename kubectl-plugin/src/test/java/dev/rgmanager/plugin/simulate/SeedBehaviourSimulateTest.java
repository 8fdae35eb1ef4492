package dev.rgmanager.plugin.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour examples of the seed (RHEL 6 HA Add-On overview, 3.1.1), the table of semantics.md,
 * run through {@code kubectl cluster-status simulate}: cluster {a..g}, one vote each, domain {a, b,
 * c} with priorities a=1, b=2, c=3 where ordered.
 */
class SeedBehaviourSimulateTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One row: the domain's flags, the members online when quorum forms, the steps, and the expected
   * owner after the initial state and after each step ("-" = not running, "x|y" = one of them).
   */
  record Row(
      String domain,
      String flags,
      String situation,
      List<String> online,
      List<String> steps,
      List<String> expected) {
    @Override
    public String toString() {
      return domain + ", " + flags + ": " + situation;
    }
  }

  static Stream<Arguments> table() {
    return Stream.of(
            new Row(
                "ordered, restricted",
                "failback",
                "a online: runs on a",
                List.of("a", "d", "e", "f"),
                List.of(),
                List.of("a")),
            new Row(
                "ordered, restricted",
                "failback",
                "a, b, c offline: not running",
                List.of("d", "e", "f", "g"),
                List.of(),
                List.of("-")),
            new Row(
                "ordered, restricted",
                "failback",
                "running on c, a comes online: moves to a",
                List.of("c", "d", "e", "f"),
                List.of("nodeUp: a"),
                List.of("c", "a")),
            new Row(
                "ordered, restricted",
                "nofailback",
                "quorum forms with a, b, c online: runs on a",
                List.of("a", "b", "c", "d"),
                List.of(),
                List.of("a")),
            new Row(
                "ordered, restricted",
                "nofailback",
                "running on c, a comes online: stays on c; c fails: goes to a",
                List.of("c", "d", "e", "f"),
                List.of("nodeUp: a", "nodeDown: c"),
                List.of("c", "c", "a")),
            new Row(
                "unordered, restricted",
                "-",
                "c online: runs on c",
                List.of("c", "d", "e", "f"),
                List.of(),
                List.of("c")),
            new Row(
                "unordered, restricted",
                "-",
                "b online: runs on b",
                List.of("b", "d", "e", "g"),
                List.of(),
                List.of("b")),
            new Row(
                "unordered, restricted",
                "-",
                "running on b, another member comes online: stays on b",
                List.of("b", "d", "e", "f"),
                List.of("nodeUp: a", "nodeUp: c"),
                List.of("b", "b", "b")),
            new Row(
                "ordered, unrestricted",
                "failback",
                "none of a, b, c online: runs on some online node",
                List.of("d", "e", "f", "g"),
                List.of(),
                List.of("d|e|f|g")),
            new Row(
                "ordered, unrestricted",
                "failback",
                "running on d, b comes online: moves to b; later a: moves to a",
                List.of("d", "e", "f", "g"),
                List.of("nodeUp: b", "nodeUp: a"),
                List.of("d|e|f|g", "b", "a")),
            new Row(
                "ordered, unrestricted",
                "nofailback",
                "b online, a offline at start: runs on b; a joins: stays on b",
                List.of("b", "d", "e", "f"),
                List.of("nodeUp: a"),
                List.of("b", "b")),
            new Row(
                "unordered, unrestricted",
                "-",
                "members online: runs on one of them; another joins: no move",
                List.of("b", "d", "e", "f"),
                List.of("nodeUp: a", "nodeUp: c"),
                List.of("b", "b", "b")))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void simulateFollowsTheSeed(Row row, @TempDir Path tmp) throws IOException {
    Path manifests = tmp.resolve("cluster.yaml");
    Files.writeString(manifests, manifests(row));
    Path events = tmp.resolve("events.yaml");
    Files.writeString(events, events(row));

    SimulateCommandTest.Run r =
        SimulateCommandTest.run(
            "simulate", "-f", manifests.toString(), "--events", events.toString(), "-o", "json");

    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode transcript = JSON.readTree(r.out());
    assertThat(transcript).hasSize(row.expected().size());
    for (int i = 0; i < row.expected().size(); i++) {
      JsonNode svc = transcript.get(i).get("services").get("ha/svc");
      String expected = row.expected().get(i);
      String at = "after " + transcript.get(i).get("event").asText() + ": " + transcript.get(i);
      if (expected.equals("-")) {
        assertThat(svc.get("owner").isNull()).as(at).isTrue();
        assertThat(svc.get("state").asText()).as(at).isEqualTo("stopped");
      } else {
        assertThat(svc.get("state").asText()).as(at).isEqualTo("started");
        assertThat(svc.get("owner").asText())
            .as(at)
            .isIn(Stream.of(expected.split("\\|")).map(n -> "node-" + n).toList());
      }
    }
  }

  private static String manifests(Row row) {
    boolean ordered = row.domain().startsWith("ordered");
    boolean restricted = !row.domain().contains("unrestricted");
    boolean nofailback = row.flags().equals("nofailback");
    StringBuilder y = new StringBuilder();
    y.append("apiVersion: rgmanager.dev/v1alpha1\nkind: HACluster\nmetadata:\n  name: seed\n");
    y.append("spec:\n  nodes:\n");
    for (String n : List.of("a", "b", "c", "d", "e", "f", "g")) {
      y.append("    - name: node-").append(n).append('\n');
    }
    y.append("---\napiVersion: rgmanager.dev/v1alpha1\nkind: FailoverDomain\n");
    y.append("metadata:\n  name: abc\n  namespace: ha\nspec:\n");
    y.append("  ordered: ").append(ordered).append('\n');
    y.append("  restricted: ").append(restricted).append('\n');
    y.append("  nofailback: ").append(nofailback).append('\n');
    y.append("  members:\n");
    for (String n : List.of("a", "b", "c")) {
      y.append("    - node: node-").append(n).append('\n');
      if (ordered) {
        y.append("      priority: ").append(n.charAt(0) - 'a' + 1).append('\n');
      }
    }
    y.append("---\napiVersion: rgmanager.dev/v1alpha1\nkind: ClusterService\n");
    y.append("metadata:\n  name: svc\n  namespace: ha\nspec:\n  domain: abc\n");
    y.append("  resources:\n    - name: ip\n      ip:\n        ports:\n          - port: 80\n");
    return y.toString();
  }

  private static String events(Row row) {
    StringBuilder y = new StringBuilder("online: [");
    y.append(String.join(", ", row.online().stream().map(n -> "node-" + n).toList()));
    y.append("]\nsteps:\n");
    if (row.steps().isEmpty()) {
      return y.append("  []\n").toString().replace("steps:\n  []", "steps: []");
    }
    for (String step : row.steps()) {
      String[] kv = step.split(": ");
      y.append("  - ").append(kv[0]).append(": node-").append(kv[1]).append('\n');
    }
    return y.toString();
  }
}
