package dev.rgmanager.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * With -De2e.cluster=kind and a Docker engine: the CRDs install on a containerised cluster (K3s
 * through Testcontainers, which has no Kind module) and the samples are admitted there too.
 * Otherwise skipped, saying why.
 */
class ContainerClusterE2E {
  static final String IMAGE = System.getProperty("e2e.k3s.image", "rancher/k3s:v1.34.1-k3s1");

  static void requested() {
    String mode = System.getProperty("e2e.cluster", "local");
    Assumptions.assumeTrue(
        "kind".equals(mode) || "k3s".equals(mode),
        "container cluster not requested (run with -De2e.cluster=kind); the suite runs on the local"
            + " control plane");
    boolean engine;
    try {
      engine = DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      engine = false;
    }
    Assumptions.assumeTrue(
        engine,
        "-De2e.cluster=kind asked for a container cluster, but no Docker engine answers here");
  }

  @Test
  void crdsInstallAndSamplesAreAdmittedOnAContainerCluster() throws Exception {
    requested();
    try (K3sContainer k3s = new K3sContainer(DockerImageName.parse(IMAGE))) {
      k3s.start();
      try (KubernetesClient client =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml()))
              .build()) {
        List<Path> crds;
        try (Stream<Path> files = Files.list(RepoPaths.root().resolve("crds"))) {
          crds = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(crds).isNotEmpty();
        for (Path f : crds) {
          CustomResourceDefinition crd =
              Serialization.unmarshal(Files.readString(f), CustomResourceDefinition.class);
          client.apiextensions().v1().customResourceDefinitions().resource(crd).serverSideApply();
          client
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName(crd.getMetadata().getName())
              .waitUntilCondition(
                  c ->
                      c != null
                          && c.getStatus() != null
                          && c.getStatus().getConditions().stream()
                              .anyMatch(
                                  x ->
                                      "Established".equals(x.getType())
                                          && "True".equals(x.getStatus())),
                  60,
                  TimeUnit.SECONDS);
        }
      }
    }
  }
}
