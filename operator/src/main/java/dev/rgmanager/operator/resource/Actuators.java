package dev.rgmanager.operator.resource;

import dev.rgmanager.api.v1alpha1.ClusterService;
import dev.rgmanager.api.v1alpha1.ResourceType;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The actuator of every resource type, and whole-tree observation built from them. */
public class Actuators {
  private final Map<ResourceType, ResourceActuator> byType = new EnumMap<>(ResourceType.class);
  private final AppActuator apps;
  private final VmActuator vms;
  private final VmMigrations migrations;

  public Actuators(ObjectCache objects, VmObjects kubevirt) {
    this.apps = new AppActuator(objects);
    this.vms = new VmActuator(kubevirt, objects::ensureEvictionGuard);
    this.migrations = new VmMigrations(kubevirt);
    for (ResourceActuator a :
        new ResourceActuator[] {
          new VolumeActuator(objects), new AddressActuator(objects), apps, vms
        }) {
      byType.put(a.type(), a);
    }
  }

  public ResourceActuator of(TreeEntry entry) {
    return byType.get(entry.resource().type());
  }

  /** Each resource's health as part of the service running on {@code node}, in start order. */
  public Map<String, Observation> observe(ClusterService service, ResourceTree tree, String node) {
    Map<String, Observation> out = new LinkedHashMap<>();
    for (TreeEntry e : tree.startOrder()) {
      out.put(e.name(), of(e).observe(service, e, node));
    }
    return out;
  }

  /**
   * Health for stopping: STOPPED when nothing of the resource remains anywhere, STOPPING when what
   * remains is already being removed, else STARTED (a stop is still to be asked for).
   */
  public Map<String, ResourceHealth> stopHealth(ClusterService service, ResourceTree tree) {
    Map<String, ResourceHealth> out = new LinkedHashMap<>();
    for (TreeEntry e : tree.startOrder()) {
      ResourceActuator a = of(e);
      out.put(
          e.name(),
          a.stopped(service, e)
              ? ResourceHealth.STOPPED
              : a.stopping(service, e) ? ResourceHealth.STOPPING : ResourceHealth.STARTED);
    }
    return out;
  }

  /**
   * Removes what the service left on fenced nodes, which can no longer run anything: its pods, and
   * its VM instances and their launcher pods.
   */
  public void forgetFenced(ClusterService service, ResourceTree tree, Set<String> fenced) {
    for (TreeEntry e : tree.startOrder()) {
      if (e.resource().type() == ResourceType.APP) {
        apps.forgetFenced(service, e, fenced);
      } else if (e.resource().type() == ResourceType.VM) {
        vms.forgetFenced(service, e, fenced);
      }
    }
  }

  /** What the service leaves outside its objects is cleared, once its tree is stopped for good. */
  public void release(ClusterService service, ResourceTree tree) {
    for (TreeEntry e : tree.startOrder()) {
      if (e.resource().type() == ResourceType.VM) {
        vms.release(service, e);
      }
    }
  }

  /** The nodes the service's VM runs on now, whoever started it; empty for a tree with none. */
  public Set<String> vmSeenOn(ClusterService service, ResourceTree tree) {
    Set<String> out = new java.util.TreeSet<>();
    for (TreeEntry e : tree.startOrder()) {
      if (e.resource().type() == ResourceType.VM) {
        out.addAll(vms.seenOn(service, e));
      }
    }
    return out;
  }

  /** The migration of a service that is one VM (the core migrates no other). */
  public VmMigrations.Progress migrate(
      ClusterService service, ResourceTree tree, dev.rgmanager.api.v1alpha1.Transition t) {
    return migrations.drive(service, tree.startOrder().get(0), t);
  }
}
