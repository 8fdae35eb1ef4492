package dev.rgmanager.plugin.status;

import static dev.rgmanager.plugin.status.ClusterStatusViewTest.cluster;
import static dev.rgmanager.plugin.status.ClusterStatusViewTest.in;
import static dev.rgmanager.plugin.status.ClusterStatusViewTest.service;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.ServiceState;
import dev.rgmanager.plugin.TestingCli;
import dev.rgmanager.plugin.TestingCli.Run;
import dev.rgmanager.plugin.cluster.TestingApiServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl cluster-status -s SERVICE} and {@code -m NODE} as a user runs them, against a
 * stand-in API server: the narrowed view in every format and with {@code -i}, and one-line errors.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FilteredStatusCommandTest {
  private static final String API = "/apis/rgmanager.dev/v1alpha1/";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private TestingApiServer api;
  private Path kubeconfig;

  @BeforeEach
  void server() throws Exception {
    api = new TestingApiServer();
    api.answer("GET " + API + "haclusters", list("HAClusterList", List.of(cluster())));
    ClusterService foo = service("foo", ServiceState.STARTED, "node-1", "node-3", true);
    ClusterService web = service("web", ServiceState.STOPPED, null, "node-3", false);
    ClusterService shopWeb =
        in("shop", service("web", ServiceState.STARTED, "node-2", null, false));
    api.answer(
        "GET " + API + "clusterservices", list("ClusterServiceList", List.of(foo, web, shopWeb)));
    api.answer(
        "GET " + API + "namespaces/ha-demo/clusterservices",
        list("ClusterServiceList", List.of(foo, web)));
    api.answer(
        "GET " + API + "namespaces/shop/clusterservices",
        list("ClusterServiceList", List.of(shopWeb)));
    kubeconfig = TestingApiServer.kubeconfig(dir, api.url(), null);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static String list(String kind, List<?> items) {
    return "{\"kind\":\""
        + kind
        + "\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":"
        + Serialization.asJson(items)
        + "}";
  }

  private Run run(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "--kubeconfig";
    all[1] = kubeconfig.toString();
    all[2] = "--no-color";
    System.arraycopy(args, 0, all, 3, args.length);
    return TestingCli.run(all);
  }

  @Test
  void anUnknownServiceIsOneLineNamingTheNamespaceSearched() {
    Run r = run("-s", "nope", "-n", "ha-demo");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo(
            "error: unknown service nope: not found in namespace ha-demo"
                + " (kubectl get clusterservices -A lists them)\n");
  }

  @Test
  void anUnknownMemberIsOneLineNamingTheCluster() {
    Run r = run("-m", "node-9", "-o", "json");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo(
            "error: unknown member node-9: not a member of HACluster demo"
                + " (its members: node-1, node-2, node-3)\n");
  }

  @Test
  void aServiceNamedWithItsNamespaceIsReadFromThatNamespaceOnly() throws Exception {
    Run r = run("-s", "shop/web", "-o", "json");

    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode doc = JSON.readTree(r.out());
    assertThat(doc.get("cluster").asText()).isEqualTo("demo");
    assertThat(doc.has("status")).as("no member or quorum lines with -s").isFalse();
    assertThat(doc.get("services").properties()).hasSize(1);
    assertThat(doc.at("/services/shop~1web/owner").asText()).isEqualTo("node-2");
    assertThat(api.requests())
        .contains("GET " + API + "namespaces/shop/clusterservices")
        .doesNotContain("GET " + API + "clusterservices");
  }

  @Test
  void aMemberInYamlIsThatMemberOnly() throws Exception {
    Run r = run("-m", "node-3", "-o", "yaml");

    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(r.out());
    assertThat(doc.has("services")).isFalse();
    assertThat(doc.has("status")).isFalse();
    assertThat(doc.get("members")).hasSize(1);
    assertThat(doc.at("/members/0/name").asText()).isEqualTo("node-3");
    assertThat(doc.at("/members/0/state").asText()).isEqualTo("fenced");
  }

  @Test
  void theTextViewIsNarrowedAsInClustat() {
    Run r = run("-s", "web", "-m", "node-1");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out())
        .startsWith(" Member Name ")
        .contains(" node-1 ", " ha-demo/web ", " shop/web ")
        .doesNotContain("Cluster Status for", "Member Status", "ha-demo/foo")
        .doesNotContainPattern("(?m)^ node-[23] ");
  }

  @Test
  void aServiceInOneNamespaceWhileAnotherIsNamedIsAUsageError() {
    Run r = run("-n", "ha-demo", "-s", "shop/web");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("error: -s shop/web names namespace shop but -n names ha-demo\n");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void withIntervalAnUnknownServiceEndsTheViewAtOnce() {
    Run r = run("-i", "1", "-s", "nope");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: unknown service nope: not found in any namespace ");
  }

  @Test
  void withIntervalEveryFrameIsNarrowed() throws Exception {
    StatusOptions o = new StatusOptions();
    o.interval = 1;
    o.service = "ha-demo/foo";
    o.connection.kubeconfig = kubeconfig.toString();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    Thread view =
        new Thread(
            () ->
                StatusCommand.run(
                    o, new PrintWriter(out, true), new PrintWriter(err, true), clock, false));
    view.start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (out.toString().split(" Service Name ", -1).length < 3
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    view.interrupt();
    view.join(10_000);

    String frames = out.toString();
    assertThat(err.toString()).isEmpty();
    assertThat(frames.split(" Service Name ", -1)).hasSizeGreaterThanOrEqualTo(3);
    assertThat(frames).contains(" ha-demo/foo ").doesNotContain("Member", "web", "Cluster Status");
  }
}
