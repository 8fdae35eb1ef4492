package dev.rgmanager.operator.reconciler;

import dev.rgmanager.api.v1alpha1.HACluster;

/** Whether a FenceDevice is named by a fence method of the cluster (and may be used at all). */
public final class FenceDeviceReferences {
  private FenceDeviceReferences() {}

  public static boolean referenced(HACluster cluster, String namespace, String name) {
    return cluster != null
        && cluster.getSpec() != null
        && cluster.getSpec().nodesOrEmpty().stream()
            .flatMap(n -> n.fenceMethodsOrEmpty().stream())
            .flatMap(m -> m.devices().stream())
            .anyMatch(d -> d.device().equals(name) && d.namespace().equals(namespace));
  }
}
