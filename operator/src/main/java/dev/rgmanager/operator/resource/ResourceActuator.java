package dev.rgmanager.operator.resource;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.ResourceType;

/**
 * Starts, stops and observes one type of resource on a node. Start and stop are idempotent and do
 * not wait: the reconciler observes again later (start when started and stop when stopped succeed).
 */
public interface ResourceActuator {
  ResourceType type();

  void start(ClusterService service, TreeEntry entry, String node);

  /** Health of the resource as part of the service running on {@code node}. */
  Observation observe(ClusterService service, TreeEntry entry, String node);

  void stop(ClusterService service, TreeEntry entry);

  /** True when nothing of this resource remains active on any node. */
  boolean stopped(ClusterService service, TreeEntry entry);

  /**
   * True when what remains of the resource is already being removed (a pod terminating): the stop
   * has been asked for and only waits, so it is not asked again.
   */
  default boolean stopping(ClusterService service, TreeEntry entry) {
    return false;
  }
}
