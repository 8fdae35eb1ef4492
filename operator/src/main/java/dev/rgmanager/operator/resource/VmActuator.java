package dev.rgmanager.operator.resource;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.ResourceType;

/**
 * Placeholder for KubeVirt VirtualMachines: reports clearly that vm resources are not actuated yet.
 */
public class VmActuator implements ResourceActuator {
  @Override
  public ResourceType type() {
    return ResourceType.VM;
  }

  @Override
  public void start(ClusterService service, TreeEntry entry, String node) {}

  @Override
  public void stop(ClusterService service, TreeEntry entry) {}

  @Override
  public boolean stopped(ClusterService service, TreeEntry entry) {
    return true;
  }

  @Override
  public Observation observe(ClusterService service, TreeEntry entry, String node) {
    return Observation.of(
        ResourceHealth.FAILED, "vm resources are not actuated yet: use an app resource for now");
  }
}
