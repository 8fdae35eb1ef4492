package dev.rgmanager.operator.reconciler;

import dev.rgmanager.api.v1alpha1.HACluster;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /**
   * Adds or removes the taint with one JSON patch against the node as the caller read it (from a
   * cache): a test of its resourceVersion (and of the entries the patch relies on) makes the patch
   * fail, rather than drop another writer's taint, if the node changed since; the next membership
   * check tries again. Returns true when the node changed.
   */
  static boolean ensure(
      KubernetesClient client,
      InformerEventSource<Node, HACluster> cache,
      Node node,
      boolean wanted) {
    if (present(node) == wanted) {
      return false;
    }
    // The patched node goes into the cache at once: the next check must not patch again.
    cache.eventFilteringUpdateAndCacheResource(
        node,
        n ->
            // On the node as read (not by name): no read before the patch.
            client.nodes().resource(n).patch(PatchContext.of(PatchType.JSON), patch(n, wanted)));
    return true;
  }

  static String patch(Node node, boolean wanted) {
    List<Taint> taints =
        node.getSpec() == null || node.getSpec().getTaints() == null
            ? List.of()
            : node.getSpec().getTaints();
    List<Map<String, Object>> ops = new ArrayList<>();
    if (node.getMetadata().getResourceVersion() != null) {
      // The node must be as read: another writer's taint added since would otherwise be lost.
      ops.add(op("test", "/metadata/resourceVersion", node.getMetadata().getResourceVersion()));
    }
    if (wanted) {
      Map<String, Object> taint =
          Map.of("key", KEY, "value", "nodeshutdown", "effect", "NoExecute");
      if (taints.isEmpty()) {
        ops.add(op("add", "/spec/taints", List.of(taint)));
      } else {
        ops.add(op("test", "/spec/taints/" + (taints.size() - 1), taints.get(taints.size() - 1)));
        ops.add(op("add", "/spec/taints/-", taint));
      }
    } else {
      for (int i = taints.size() - 1; i >= 0; i--) {
        if (KEY.equals(taints.get(i).getKey())) {
          ops.add(op("test", "/spec/taints/" + i + "/key", KEY));
          ops.add(op("remove", "/spec/taints/" + i));
        }
      }
    }
    return Serialization.asJson(ops);
  }

  /** One JSON patch operation, its fields in the usual order (op, path, value). */
  private static Map<String, Object> op(String op, String path, Object... value) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("op", op);
    out.put("path", path);
    if (value.length > 0) {
      out.put("value", value[0]);
    }
    return out;
  }
}
