package dev.rgmanager.operator.reconciler.service;

import dev.rgmanager.api.v1alpha1.ApiConstants;
import dev.rgmanager.api.v1alpha1.ClusterService;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Map;
import java.util.Objects;

/**
 * Which updates of a ClusterService wake it: a change of its spec (generation), of its operation
 * request annotation, of its finalizers, or its deletion. An operation request (relocate, restart,
 * enable -m) is an annotation-only change: without this filter it would wait for the service's next
 * status check (up to its statusInterval), where clusvcadm acts at once. Status writes, the
 * operator's own, wake nothing.
 */
public final class RequestAwareUpdateFilter implements OnUpdateFilter<ClusterService> {
  @Override
  public boolean accept(ClusterService updated, ClusterService old) {
    ObjectMeta now = updated.getMetadata();
    ObjectMeta before = old.getMetadata();
    return !Objects.equals(now.getGeneration(), before.getGeneration())
        || !Objects.equals(request(now), request(before))
        || !Objects.equals(now.getFinalizers(), before.getFinalizers())
        || now.getDeletionTimestamp() != null;
  }

  private static String request(ObjectMeta meta) {
    Map<String, String> annotations = meta.getAnnotations();
    return annotations == null ? null : annotations.get(ApiConstants.OPERATION_ANNOTATION);
  }
}
