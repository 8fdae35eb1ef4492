package dev.rgmanager.operator.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * KubeVirt's API (kubevirt.io/v1 VirtualMachine, VirtualMachineInstance,
 * VirtualMachineInstanceMigration; migrations.kubevirt.io/v1alpha1 MigrationPolicy) as the CRDs of
 * kubevirt/kubevirt-crds.yaml, installed into a test's cluster where no KubeVirt runs; {@link
 * SimulatedKubeVirt} plays its controllers.
 */
public final class KubeVirtCrds {
  /** The KubeVirt release whose API the CRDs follow. */
  public static final String KUBEVIRT_VERSION = "v1.7.0";

  public static final ResourceDefinitionContext VIRTUAL_MACHINE = kubevirt("VirtualMachine");
  public static final ResourceDefinitionContext VIRTUAL_MACHINE_INSTANCE =
      kubevirt("VirtualMachineInstance");
  public static final ResourceDefinitionContext MIGRATION =
      kubevirt("VirtualMachineInstanceMigration");
  public static final ResourceDefinitionContext MIGRATION_POLICY =
      new ResourceDefinitionContext.Builder()
          .withGroup("migrations.kubevirt.io")
          .withVersion("v1alpha1")
          .withKind("MigrationPolicy")
          .withPlural("migrationpolicies")
          .withNamespaced(false)
          .build();

  private static final String RESOURCE = "/kubevirt/kubevirt-crds.yaml";

  private KubeVirtCrds() {}

  /**
   * Server-side applies the 4 CRDs (taking over any field another manager set) and waits until each
   * is Established.
   */
  public static void install(KubernetesClient c) {
    List<CustomResourceDefinition> crds = crds(c);
    for (CustomResourceDefinition crd : crds) {
      c.resource(crd).forceConflicts().serverSideApply();
    }
    for (CustomResourceDefinition crd : crds) {
      c.apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .waitUntilCondition(KubeVirtCrds::established, 60, TimeUnit.SECONDS);
    }
  }

  private static List<CustomResourceDefinition> crds(KubernetesClient c) {
    try (InputStream in = KubeVirtCrds.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path");
      }
      List<CustomResourceDefinition> crds =
          c.load(in).items().stream().map(CustomResourceDefinition.class::cast).toList();
      if (crds.size() != 4) {
        throw new IllegalStateException("expected 4 CRDs in " + RESOURCE + ", found " + crds);
      }
      return crds;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  private static ResourceDefinitionContext kubevirt(String kind) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("kubevirt.io")
        .withVersion("v1")
        .withKind(kind)
        .withPlural(kind.toLowerCase() + "s")
        .withNamespaced(true)
        .build();
  }

  private static boolean established(CustomResourceDefinition d) {
    return d.getStatus() != null
        && d.getStatus().getConditions() != null
        && d.getStatus().getConditions().stream()
            .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus()));
  }
}
