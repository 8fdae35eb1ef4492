package dev.rgmanager.operator.resource;

import dev.rgmanager.api.v1alpha1.ClusterService;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.Map;

/**
 * The PodDisruptionBudget that refuses every eviction of a service's pods ({@code maxUnavailable:
 * 0}), so that {@code kubectl drain} (and any other evicting tool) cannot stop them in any order or
 * restart them in place. A drain cordons the node first: the member is then in standby, the
 * operator moves each service off in tree order, and the drain, which retries refused evictions,
 * completes once the pods are gone. A service that no other member can run keeps its pods, and the
 * drain waits, saying that the pod's disruption budget refuses.
 */
public final class EvictionGuard {
  private EvictionGuard() {}

  public static String name(ClusterService service) {
    return Names.child(service.getMetadata().getName(), "eviction-guard");
  }

  public static PodDisruptionBudget desired(ClusterService service) {
    String svc = service.getMetadata().getName();
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
        .withName(name(service))
        .withNamespace(service.getMetadata().getNamespace())
        .withLabels(Map.of(Labels.SERVICE, svc, Labels.MANAGED_BY, Labels.OPERATOR))
        .withAnnotations(
            Map.of(
                "rgmanager.dev/why",
                "the operator moves this service's pods itself, in tree order: kubectl drain"
                    + " waits until it has"))
        .withOwnerReferences(Labels.ownerReference(service))
        .endMetadata()
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(0))
        .withNewSelector()
        .withMatchLabels(Map.of(Labels.SERVICE, svc, Labels.MANAGED_BY, Labels.OPERATOR))
        .endSelector()
        .endSpec()
        .build();
  }
}
