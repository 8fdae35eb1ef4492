package dev.rgmanager.plugin.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.plugin.TestingCli;
import dev.rgmanager.plugin.TestingCli.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client readied on a second thread is the one the view then uses, and it reads the same. */
class ClientPreparationTest {
  private static final String API = "/apis/rgmanager.dev/v1alpha1/";

  @TempDir Path dir;

  @Test
  void thePreparedMappingIsHandedToTheClientOnce() throws Exception {
    ClientPreparation.start();
    ClientPreparation.start(); // a second start readies nothing more

    assertThat(ClientPreparation.serialization()).isSameAs(ClientPreparation.serialization());

    try (TestingApiServer api = new TestingApiServer()) {
      api.answer(
          "GET " + API + "haclusters",
          "{\"kind\":\"HAClusterList\",\"metadata\":{},\"items\":[{\"apiVersion\":"
              + "\"rgmanager.dev/v1alpha1\",\"kind\":\"HACluster\",\"metadata\":{\"name\":\"demo\"},"
              + "\"spec\":{}}]}");
      api.answer(
          "GET " + API + "clusterservices", "{\"kind\":\"ClusterServiceList\",\"items\":[]}");
      Path kubeconfig = TestingApiServer.kubeconfig(dir, api.url(), null);

      Run r = TestingCli.run("--kubeconfig", kubeconfig.toString(), "--no-color");

      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out()).startsWith("Cluster Status for demo @ ");
    }
  }
}
