package dev.rgmanager.operator.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which MigrationPolicy applies to a VMI, as KubeVirt chooses: every label of its
 * virtualMachineInstanceSelector on the VMI and of its namespaceSelector on the VMI's namespace; of
 * several, the one matching the most labels, then the first by name. Pure.
 */
final class MigrationPolicies {
  private MigrationPolicies() {}

  static Optional<GenericKubernetesResource> applying(
      List<GenericKubernetesResource> policies,
      Map<String, String> vmiLabels,
      Map<String, String> namespaceLabels) {
    return policies.stream()
        .filter(p -> within(selector(p, "virtualMachineInstanceSelector"), vmiLabels))
        .filter(p -> within(selector(p, "namespaceSelector"), namespaceLabels))
        .min(
            Comparator.comparingInt(
                    (GenericKubernetesResource p) ->
                        -(selector(p, "virtualMachineInstanceSelector").size()
                            + selector(p, "namespaceSelector").size()))
                .thenComparing(p -> p.getMetadata().getName()));
  }

  /**
   * Whether the policy pauses the guest to let its migration finish: allowWorkloadDisruption true
   * and allowPostCopy not true (with post-copy allowed KubeVirt switches to post-copy).
   */
  static boolean pauses(GenericKubernetesResource policy) {
    return Boolean.TRUE.equals(Unstructured.value(policy, "spec", "allowWorkloadDisruption"))
        && !Boolean.TRUE.equals(Unstructured.value(policy, "spec", "allowPostCopy"));
  }

  private static Map<String, String> selector(GenericKubernetesResource p, String which) {
    return Unstructured.strings(p, "spec", "selectors", which);
  }

  private static boolean within(Map<String, String> selector, Map<String, String> labels) {
    return selector.entrySet().stream()
        .allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
  }
}
