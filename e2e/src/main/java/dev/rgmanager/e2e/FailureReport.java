package dev.rgmanager.e2e;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.FailoverDomain;
import dev.rgmanager.api.v1alpha1.HACluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Saves what a failed test leaves behind: API objects, and the control plane's and operator's logs.
 */
final class FailureReport {
  private FailureReport() {}

  static void save(KubernetesClient client, String namespace, String test) {
    Path dir = Path.of("target", "e2e-failures", test.replaceAll("[^A-Za-z0-9._-]", "_"));
    try {
      Files.createDirectories(dir);
      write(dir.resolve("pods.yaml"), client.pods().inNamespace(namespace).list());
      write(dir.resolve("services.yaml"), client.services().inNamespace(namespace).list());
      write(
          dir.resolve("clusterservices.yaml"),
          client.resources(ClusterService.class).inAnyNamespace().list());
      write(
          dir.resolve("failoverdomains.yaml"),
          client.resources(FailoverDomain.class).inAnyNamespace().list());
      write(dir.resolve("haclusters.yaml"), client.resources(HACluster.class).list());
      write(dir.resolve("nodes.yaml"), client.nodes().list());
      write(dir.resolve("events.yaml"), client.v1().events().inAnyNamespace().list());
      Path logs =
          Path.of(
              System.getProperty("user.home"), ".cache", "rgmanager-operator", "clusters", "kwok");
      if (Files.isDirectory(logs)) {
        try (Stream<Path> files = Files.walk(logs)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".log")).toList()) {
            Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("could not save the failure report of " + test + ": " + e.getMessage());
    }
  }

  private static void write(Path file, Object value) throws IOException {
    Files.writeString(file, Serialization.asYaml(value));
  }
}
