package dev.rgmanager.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.FailoverDomain;
import dev.rgmanager.api.v1alpha1.FenceDevice;
import dev.rgmanager.api.v1alpha1.HACluster;
import dev.rgmanager.operator.testing.RepoPaths;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other end-to-end test of the run and scans what they left: every operator log
 * line of the run, every Event and the status of every rgmanager object still in the cluster. The
 * simulated BMCs' password (given to the operator only through Secrets) must appear in none.
 */
@RealCluster
@Order(Integer.MAX_VALUE)
class SecretScanE2E {
  @Test
  void noSecretInAnyOperatorLogEventOrStatusOfTheRun(KubernetesClient c) throws Exception {
    Path target = RepoPaths.root().resolve("e2e/target");
    List<Path> logs;
    try (Stream<Path> files = Files.list(target)) {
      logs = files.filter(p -> p.getFileName().toString().matches("operator-.*\\.log")).toList();
    }
    assertThat(logs).as("operator logs of this run").isNotEmpty();
    for (Path log : logs) {
      assertThat(Files.readString(log)).as(log.toString()).doesNotContain(Bmcs.PASSWORD);
    }
    assertThat(Serialization.asJson(c.v1().events().inAnyNamespace().list()))
        .doesNotContain(Bmcs.PASSWORD);
    for (var type :
        List.of(HACluster.class, FenceDevice.class, FailoverDomain.class, ClusterService.class)) {
      assertThat(Serialization.asJson(c.resources(type).inAnyNamespace().list()))
          .as(type.getSimpleName())
          .doesNotContain(Bmcs.PASSWORD);
    }
  }
}
