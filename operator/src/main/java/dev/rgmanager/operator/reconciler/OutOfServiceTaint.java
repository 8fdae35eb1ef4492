package dev.rgmanager.operator.reconciler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/**
 * The node.kubernetes.io/out-of-service taint: once a node is fenced it tells Kubernetes to delete
 * the node's pods and detach its volumes; it is removed when the node is back.
 */
final class OutOfServiceTaint {
  static final String KEY = "node.kubernetes.io/out-of-service";

  private OutOfServiceTaint() {}

  static boolean present(Node node) {
    return node.getSpec() != null
        && node.getSpec().getTaints() != null
        && node.getSpec().getTaints().stream().anyMatch(t -> KEY.equals(t.getKey()));
  }

  /** Adds or removes the taint; returns true when the node changed. */
  static boolean ensure(KubernetesClient client, Node node, boolean wanted) {
    if (present(node) == wanted) {
      return false;
    }
    client
        .nodes()
        .withName(node.getMetadata().getName())
        .edit(
            n -> {
              List<Taint> taints =
                  n.getSpec().getTaints() == null
                      ? new ArrayList<>()
                      : new ArrayList<>(n.getSpec().getTaints());
              taints.removeIf(t -> KEY.equals(t.getKey()));
              if (wanted) {
                taints.add(
                    new TaintBuilder()
                        .withKey(KEY)
                        .withValue("nodeshutdown")
                        .withEffect("NoExecute")
                        .build());
              }
              n.getSpec().setTaints(taints);
              return n;
            });
    return true;
  }
}
