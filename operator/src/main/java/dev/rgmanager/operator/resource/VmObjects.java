package dev.rgmanager.operator.resource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * KubeVirt's objects as the VM actuator reads and writes them: VirtualMachines (the templates),
 * their instances, the virt-launcher pods that run them, and migrations; reads come from informer
 * caches, writes go through them (see {@link ObjectCache}).
 */
public interface VmObjects {
  /** Why VMs cannot run here (KubeVirt's API is not served), or null when they can. */
  String unavailable();

  GenericKubernetesResource virtualMachine(String namespace, String name);

  /** The VirtualMachineInstance of that name, or null. */
  VmInstance instance(String namespace, String name);

  /** The virt-launcher pods of the instance of that name, on any node, terminating ones too. */
  List<Pod> launchers(String namespace, String instance);

  GenericKubernetesResource migration(String namespace, String name);

  /** Creates a VirtualMachineInstance or a migration. */
  void create(GenericKubernetesResource object);

  /** Deletes a VirtualMachineInstance (KubeVirt stops the guest and removes its pods). */
  void delete(GenericKubernetesResource object);

  /** Sets (or, with a null value, removes) one label on an instance. */
  void label(GenericKubernetesResource instance, String key, String value);

  void deletePod(Pod pod, Long graceSeconds);

  /** A pod from the launchers' cache, or null. */
  Pod launcher(String namespace, String name);

  /**
   * Labels {@code node} with {@code key}; with {@code alone}, first removes it from every other
   * node, so that an instance selecting the label can be scheduled on {@code node} only.
   */
  void bind(String key, String node, boolean alone);

  /** Takes the label {@code key} off every node (the VM's service is gone). */
  void unbind(String key);
}
