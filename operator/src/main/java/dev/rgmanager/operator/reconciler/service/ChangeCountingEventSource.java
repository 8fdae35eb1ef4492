package dev.rgmanager.operator.reconciler.service;

import dev.rgmanager.api.v1alpha1.ClusterService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An informer event source that counts the changes its informer sees, so that what is built from
 * its cache (the shared cluster view) knows when it is stale without comparing every object.
 */
final class ChangeCountingEventSource<R extends HasMetadata>
    extends InformerEventSource<R, ClusterService> {
  private final AtomicLong changes = new AtomicLong();

  ChangeCountingEventSource(
      InformerEventSourceConfiguration<R> configuration, EventSourceContext<ClusterService> ctx) {
    super(configuration, ctx);
  }

  /** How many adds, updates and deletes the informer has seen; read it before the cache. */
  long changes() {
    return changes.get();
  }

  @Override
  public void onAdd(R resource) {
    changes.incrementAndGet();
    super.onAdd(resource);
  }

  @Override
  public void onUpdate(R oldResource, R newResource) {
    changes.incrementAndGet();
    super.onUpdate(oldResource, newResource);
  }

  @Override
  public synchronized void onDelete(R resource, boolean deletedFinalStateUnknown) {
    changes.incrementAndGet();
    super.onDelete(resource, deletedFinalStateUnknown);
  }
}
