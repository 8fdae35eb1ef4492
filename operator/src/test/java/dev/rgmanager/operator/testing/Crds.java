package dev.rgmanager.operator.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The generated CRDs of crds/, as the Helm chart ships them, installed into a test's cluster. */
public final class Crds {
  private Crds() {}

  /**
   * Server-side applies the 4 CRDs of crds/ (taking over any field another manager set) and waits
   * until each is Established.
   */
  public static void install(KubernetesClient c) {
    Path dir = RepoPaths.root().resolve("crds");
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> yamls = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      if (yamls.size() != 4) {
        throw new IllegalStateException("expected the 4 CRDs in " + dir + ", found " + yamls);
      }
      for (Path yaml : yamls) {
        try (InputStream in = Files.newInputStream(yaml)) {
          CustomResourceDefinition crd =
              c.apiextensions().v1().customResourceDefinitions().load(in).item();
          c.resource(crd).forceConflicts().serverSideApply();
          c.apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName(crd.getMetadata().getName())
              .waitUntilCondition(Crds::established, 60, TimeUnit.SECONDS);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot install the CRDs of " + dir, e);
    }
  }

  private static boolean established(CustomResourceDefinition d) {
    return d.getStatus() != null
        && d.getStatus().getConditions() != null
        && d.getStatus().getConditions().stream()
            .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus()));
  }
}
