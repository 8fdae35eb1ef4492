package dev.rgmanager.plugin.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.plugin.TestingCli;
import dev.rgmanager.plugin.TestingCli.Run;
import dev.rgmanager.plugin.cluster.TestingApiServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The refreshing view ({@code -i N}) clears the screen on a terminal only. */
class StatusCommandTest {
  private static final String API = "/apis/rgmanager.dev/v1alpha1/";
  private static final String CLEAR = "\u001b[H\u001b[2J";

  @TempDir Path dir;

  /** Runs {@code kubectl cluster-status -i 1} until it has printed two frames, then stops it. */
  private String twoFrames(boolean terminal) throws Exception {
    try (TestingApiServer api = new TestingApiServer()) {
      api.answer(
          "GET " + API + "haclusters", "{\"kind\":\"HAClusterList\",\"metadata\":{},\"items\":[]}");
      api.answer(
          "GET " + API + "clusterservices",
          "{\"kind\":\"ClusterServiceList\",\"metadata\":{},\"items\":[]}");
      return refreshing(api, terminal, out -> count(out, "Cluster Status for") >= 2, () -> {});
    }
  }

  /**
   * Runs {@code kubectl cluster-status -i 1} against API, doing AFTER_FIRST once the first frame is
   * out, until what it printed is DONE (or 30 s), then stops it; returns what it printed.
   */
  private String refreshing(
      TestingApiServer api, boolean terminal, Predicate<String> done, Runnable afterFirst)
      throws Exception {
    StatusOptions o = new StatusOptions();
    o.interval = 1;
    o.connection.kubeconfig = TestingApiServer.kubeconfig(dir, api.url(), null).toString();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    Thread view =
        new Thread(
            () ->
                StatusCommand.run(
                    o, new PrintWriter(out, true), new PrintWriter(err, true), clock, terminal));
    view.start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (count(out.toString(), "Cluster Status for") < 1 && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
    }
    afterFirst.run();
    while (!done.test(out.toString()) && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    view.interrupt();
    view.join(10_000);
    assertThat(err.toString()).isEmpty();
    return out.toString();
  }

  private static int count(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  @Test
  void intoAPipeTheFramesFollowOneAnotherWithoutEscapes() throws Exception {
    String out = twoFrames(false);

    assertThat(count(out, "Cluster Status for")).isGreaterThanOrEqualTo(2);
    assertThat(out).doesNotContain("\u001b").startsWith("Cluster Status for (no HACluster)");
    assertThat(out).contains(" (no services)\n\nCluster Status for (no HACluster)");
  }

  @Test
  void onATerminalEachFrameClearsTheScreen() throws Exception {
    String out = twoFrames(true);

    assertThat(out).startsWith(CLEAR + "Cluster Status for");
    assertThat(count(out, CLEAR)).isEqualTo(count(out, "Cluster Status for"));
  }

  @Test
  void theRefreshingViewListsOnceThenFollowsAWatch() throws Exception {
    String web =
        "{\"apiVersion\":\"rgmanager.dev/v1alpha1\",\"kind\":\"ClusterService\","
            + "\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\",\"resourceVersion\":\"%s\"},"
            + "\"spec\":{},\"status\":{\"state\":\"%s\",\"owner\":\"node-1\"}}";
    try (TestingApiServer api = new TestingApiServer()) {
      api.answer(
          "GET " + API + "haclusters",
          "{\"kind\":\"HAClusterList\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[]}");
      api.answer(
          "GET " + API + "clusterservices",
          "{\"kind\":\"ClusterServiceList\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":["
              + web.formatted("1", "started")
              + "]}");

      String out =
          refreshing(
              api,
              false,
              o -> o.contains("stopped") && count(o, "Cluster Status for") >= 3,
              () -> api.event(API + "clusterservices", "MODIFIED", web.formatted("2", "stopped")));

      // The change came through the watch: the list still answers "started".
      assertThat(out).contains(" shop/web").contains("started").contains("stopped");
      assertThat(api.requests())
          .containsOnlyOnce("GET " + API + "haclusters", "GET " + API + "clusterservices")
          .contains("GET " + API + "haclusters (watch)", "GET " + API + "clusterservices (watch)");
    }
  }

  @Test
  void anApiServerThatStopsAnsweringIsSaidAndTheLastClusterKept() throws Exception {
    String web =
        "{\"apiVersion\":\"rgmanager.dev/v1alpha1\",\"kind\":\"ClusterService\","
            + "\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\",\"resourceVersion\":\"1\"},"
            + "\"spec\":{},\"status\":{\"state\":\"started\",\"owner\":\"node-1\"}}";
    TestingApiServer api = new TestingApiServer();
    api.answer(
        "GET " + API + "haclusters",
        "{\"kind\":\"HAClusterList\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[]}");
    api.answer(
        "GET " + API + "clusterservices",
        "{\"kind\":\"ClusterServiceList\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":["
            + web
            + "]}");
    String out =
        refreshing(
            api, false, o -> count(o, "! no answer from the API server since") >= 2, api::close);

    // The view goes on: each frame says since when and why, and still shows the last cluster seen.
    String lastFrame = out.substring(out.lastIndexOf("! no answer from the API server since"));
    assertThat(lastFrame)
        .startsWith("! no answer from the API server since 10:00:00 UTC (")
        .contains("): the cluster as of 10:00:00 UTC, read again every 1 s\n")
        .contains("Cluster Status for")
        .contains(" shop/web");
  }

  /**
   * The API server comes back (a restart): the view lists and watches again on its own, the banner
   * goes, and what changed while it was away is shown.
   */
  @Test
  void anApiServerThatAnswersAgainIsFollowedAgainWithoutTheBanner() throws Exception {
    String web =
        "{\"apiVersion\":\"rgmanager.dev/v1alpha1\",\"kind\":\"ClusterService\","
            + "\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\",\"resourceVersion\":\"%s\"},"
            + "\"spec\":{},\"status\":{\"state\":\"%s\",\"owner\":\"%s\"}}";
    TestingApiServer before =
        serving(new TestingApiServer(), web.formatted("1", "started", "node-1"));
    int port = before.port();
    TestingApiServer[] after = new TestingApiServer[1];
    String banner = "! no answer from the API server since";
    try {
      String out =
          refreshing(
              before,
              false,
              o -> {
                // Down for two frames, then back on the same address, web since moved.
                if (after[0] == null && count(o, banner) >= 2) {
                  after[0] =
                      serving(new TestingApiServer(port), web.formatted("7", "started", "node-2"));
                  // As a restarted API server answers a watch from before its restart: its
                  // watch cache begins now, the version asked for is too old (410).
                  for (String kind : List.of("haclusters", "clusterservices")) {
                    after[0].event(API + kind, "ERROR", GONE);
                  }
                }
                return after[0] != null && o.lastIndexOf("node-2") > o.lastIndexOf(banner);
              },
              before::close);

      String lastFrame = out.substring(out.lastIndexOf("Cluster Status for"));
      assertThat(lastFrame).doesNotContain(banner).contains(" shop/web").contains("node-2");
      assertThat(after[0].requests())
          .as("the view listed again, then watched again")
          .contains("GET " + API + "clusterservices", "GET " + API + "clusterservices (watch)");
    } finally {
      if (after[0] != null) {
        after[0].close();
      }
    }
  }

  private static final String GONE =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Expired\","
          + "\"message\":\"too old resource version: 1 (7)\",\"code\":410}";

  private static TestingApiServer serving(TestingApiServer api, String service) {
    return api.answer(
            "GET " + API + "haclusters",
            "{\"kind\":\"HAClusterList\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[]}")
        .answer(
            "GET " + API + "clusterservices",
            "{\"kind\":\"ClusterServiceList\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":["
                + service
                + "]}");
  }

  @Test
  void yamlFramesAreSeparatedAsDocuments() {
    assertThat(StatusCommand.frame("a: 1\n", 0, "yaml", false)).isEqualTo("a: 1\n");
    assertThat(StatusCommand.frame("a: 1\n", 1, "yaml", false)).isEqualTo("---\na: 1\n");
    assertThat(StatusCommand.frame("{}\n", 1, "json", true)).isEqualTo("{}\n");
  }

  @Test
  void aDeadServerStopsTheViewWithOneLine() throws IOException {
    Path kubeconfig = TestingApiServer.kubeconfig(dir, "https://127.0.0.1:1", null);

    Run r = TestingCli.run("--kubeconfig", kubeconfig.toString(), "-i", "2");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip())
        .startsWith("error: no cluster connection: https://127.0.0.1:1/")
        .doesNotContain("\n");
  }

  @Test
  void debugAddsTheStackTraceBehindTheLine() throws IOException {
    Path kubeconfig = TestingApiServer.kubeconfig(dir, "https://127.0.0.1:1", null);

    Run r = TestingCli.run("--kubeconfig", kubeconfig.toString(), "--debug");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: no cluster connection: ").contains("\tat ");
  }
}
