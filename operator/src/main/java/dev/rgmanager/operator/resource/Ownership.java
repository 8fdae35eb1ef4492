package dev.rgmanager.operator.resource;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.Map;
import java.util.Objects;

/**
 * Whether an object found under a name the operator derived is the one it means to make: it carries
 * the same service (and resource) labels, is marked as managed by the operator, and has the same
 * controlling owner. Anything else under that name belongs to someone else.
 */
final class Ownership {
  private Ownership() {}

  static boolean ours(HasMetadata existing, HasMetadata desired) {
    if (!Labels.OPERATOR.equals(label(existing, Labels.MANAGED_BY))) {
      return false;
    }
    for (String key : new String[] {Labels.SERVICE, Labels.RESOURCE}) {
      String want = label(desired, key);
      if (want != null && !want.equals(label(existing, key))) {
        return false;
      }
    }
    OwnerReference want = controller(desired);
    if (want == null) {
      return true;
    }
    OwnerReference have = controller(existing);
    return have != null
        && Objects.equals(want.getKind(), have.getKind())
        && Objects.equals(want.getName(), have.getName())
        && (want.getUid() == null || want.getUid().equals(have.getUid()));
  }

  /** Why {@code existing} is not {@code desired}'s, for the error a user reads. */
  static String describe(HasMetadata existing) {
    String service = label(existing, Labels.SERVICE);
    OwnerReference owner = controller(existing);
    return service != null
        ? "it belongs to ClusterService " + service
        : owner != null
            ? "it belongs to " + owner.getKind() + " " + owner.getName()
            : "it was not made by the operator";
  }

  private static String label(HasMetadata o, String key) {
    Map<String, String> labels = o.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }

  private static OwnerReference controller(HasMetadata o) {
    if (o.getMetadata().getOwnerReferences() == null) {
      return null;
    }
    return o.getMetadata().getOwnerReferences().stream()
        .filter(r -> Boolean.TRUE.equals(r.getController()))
        .findFirst()
        .orElse(null);
  }
}
