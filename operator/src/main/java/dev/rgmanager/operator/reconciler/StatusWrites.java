package dev.rgmanager.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * Writes a primary resource's status within the reconcile, as JOSDK writes a returned one: server-
 * side apply, locked to the resourceVersion the reconcile read, the response cached so that the
 * next reconcile starts from it. For when what follows must come after the status is recorded (a
 * step of a transition, a taint).
 */
public final class StatusWrites {
  private StatusWrites() {}

  /** Returns the resource as written (its new resource version). */
  public static <P extends HasMetadata> P applyNow(P resource, Context<P> ctx) {
    var meta = resource.getMetadata();
    var managedFields = meta.getManagedFields();
    try {
      // As JOSDK does: an apply must not carry the managedFields read with the object.
      meta.setManagedFields(null);
      return ctx.resourceOperations().serverSideApplyPrimaryStatus(resource);
    } finally {
      meta.setManagedFields(managedFields);
    }
  }
}
