package dev.rgmanager.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.rgmanager.api.v1alpha1.HACluster;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A quorum device Lease the operator may not read counts as no vote and says why. */
class QuorumDeviceVotesTest {
  private static final HACluster CLUSTER =
      Serialization.unmarshal(
          """
          apiVersion: rgmanager.dev/v1alpha1
          kind: HACluster
          metadata: {name: c}
          spec:
            quorumDevice: {leaseName: qdisk, leaseNamespace: arbiter}
          """,
          HACluster.class);

  @Test
  void aForbiddenQuorumDeviceLeaseIsNoVoteAndAnErrorNotAnException() throws Exception {
    HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext(
        "/",
        exchange -> {
          byte[] body =
              ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                      + "\"reason\":\"Forbidden\",\"code\":403,\"message\":\"leases is forbidden\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(403, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    api.start();
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("http://127.0.0.1:" + api.getAddress().getPort())
            .withRequestRetryBackoffLimit(0)
            .build();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      var vote =
          QuorumDeviceVote.read(client, CLUSTER.getSpec(), Duration.ofSeconds(10), Instant.now());
      assertThat(vote.votes()).isZero();
      assertThat(vote.error()).contains("arbiter/qdisk").contains("403").contains("no vote");
    } finally {
      api.stop(0);
    }
  }
}
