package dev.rgmanager.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.dajudge.kindcontainer.KindContainer;
import com.dajudge.kindcontainer.KindContainerVersion;
import com.dajudge.kindcontainer.KubernetesImageSpec;
import dev.rgmanager.operator.testing.Crds;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * On a machine with a Docker engine, {@code -De2e.cluster=kind} (a Kind node, kindest/node, through
 * Testcontainers and kindcontainer) or {@code -De2e.cluster=k3s} (K3s through Testcontainers): the
 * CRDs install and become Established on that containerised cluster, and every sample is admitted
 * there (server-side dry run). Otherwise skipped, saying why; the default suite runs on the local
 * control plane that e2e/ builds.
 */
class ContainerClusterE2E {
  static final String K3S_IMAGE = System.getProperty("e2e.k3s.image", "rancher/k3s:v1.34.1-k3s1");

  /** Empty: kindcontainer's own image for its newest known version. */
  static final String KIND_IMAGE = System.getProperty("e2e.kind.image", "");

  /** A containerised cluster, started and stopped around the test. */
  private interface ContainerCluster extends AutoCloseable {
    String kubeconfig();

    @Override
    void close();
  }

  private static String requested() {
    String mode = System.getProperty("e2e.cluster", "local");
    Assumptions.assumeTrue(
        "kind".equals(mode) || "k3s".equals(mode),
        "container cluster not requested (run with -De2e.cluster=kind or k3s); the suite runs on"
            + " the local control plane");
    boolean engine;
    try {
      engine = DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      engine = false;
    }
    Assumptions.assumeTrue(
        engine,
        "-De2e.cluster="
            + mode
            + " asked for a container cluster, but no Docker engine answers here");
    return mode;
  }

  private static ContainerCluster start(String mode) {
    if ("kind".equals(mode)) {
      KubernetesImageSpec<KindContainerVersion> spec =
          new KubernetesImageSpec<>(KindContainerVersion.VERSION_1_32_0);
      KindContainer<?> kind =
          new KindContainer<>(KIND_IMAGE.isEmpty() ? spec : spec.withImage(KIND_IMAGE));
      return started(kind::start, kind::getKubeconfig, kind::stop);
    }
    K3sContainer k3s = new K3sContainer(DockerImageName.parse(K3S_IMAGE));
    return started(k3s::start, k3s::getKubeConfigYaml, k3s::stop);
  }

  private static ContainerCluster started(
      Runnable start, Supplier<String> kubeconfig, Runnable stop) {
    try {
      start.run();
    } catch (RuntimeException e) {
      stop.run();
      throw e;
    }
    return new ContainerCluster() {
      @Override
      public String kubeconfig() {
        return kubeconfig.get();
      }

      @Override
      public void close() {
        stop.run();
      }
    };
  }

  @Test
  void crdsInstallAndSamplesAreAdmittedOnAContainerCluster() throws Exception {
    String mode = requested();
    try (ContainerCluster cluster = start(mode);
        KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(cluster.kubeconfig()))
                .build()) {
      Crds.install(client);
      assertThat(client.apiextensions().v1().customResourceDefinitions().list().getItems())
          .extracting(d -> d.getMetadata().getName())
          .contains("haclusters.rgmanager.dev", "clusterservices.rgmanager.dev");
      for (String ns : List.of("rgmanager-system", "ha-demo")) {
        client
            .namespaces()
            .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
            .serverSideApply();
      }
      List<Path> samples = ApiAdmissionIT.samples().toList();
      assertThat(samples).isNotEmpty();
      for (Path sample : samples) {
        for (HasMetadata o :
            client.load(new ByteArrayInputStream(Files.readAllBytes(sample))).items()) {
          if (o.getMetadata().getNamespace() == null && !"HACluster".equals(o.getKind())) {
            o.getMetadata().setNamespace("ha-demo");
          }
          assertThat(client.resource(o).dryRun().create())
              .as("%s: %s %s", sample.getFileName(), o.getKind(), o.getMetadata().getName())
              .isNotNull();
        }
      }
    }
  }
}
