package dev.rgmanager.operator.resource;

import dev.rgmanager.api.v1alpha1.ClusterService;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** Where the application pods are read (the informer's cache: no request) and written. */
public interface AppPods {
  /** The pod of that name from the cache, or null. */
  Pod pod(String namespace, String name);

  /** Every pod the operator made for {@code service}, on any node, from the cache. */
  List<Pod> podsOf(ClusterService service);

  /**
   * Makes sure the service's {@link EvictionGuard} exists before its pods do: a request only when
   * the cache has none.
   */
  void ensureEvictionGuard(ClusterService service);

  /** Creates the pod: one request. */
  void createPod(Pod pod);

  /** Deletes a pod, at once with {@code graceSeconds} 0 (its node is fenced): one request. */
  void deletePod(Pod pod, Long graceSeconds);
}
